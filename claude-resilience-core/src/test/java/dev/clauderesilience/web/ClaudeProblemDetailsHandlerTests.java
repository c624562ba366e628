package dev.clauderesilience.web;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.clauderesilience.client.ApiVersion;
import dev.clauderesilience.client.ClaudeException;
import dev.clauderesilience.client.ClaudeFailureClassifier;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeRequestValidator;
import dev.clauderesilience.client.ClaudeUnavailableException;
import dev.clauderesilience.client.TestFailures;
import dev.clauderesilience.ratelimit.LimiterTesting;
import dev.clauderesilience.ratelimit.TenantBudgetExceededException;

import static org.assertj.core.api.Assertions.assertThat;

class ClaudeProblemDetailsHandlerTests {

	private final WebTestClient client = WebTestClient.bindToController(new FailingController())
		.controllerAdvice(new ClaudeProblemDetailsHandler(new ClaudeProblemDetails(Duration.ofSeconds(30), ClaudeFailureClassifier.DEFAULT)))
		.build();

	@Test
	void unavailableShouldBe503WithRetryAfterAndOnlyTheCalmMessage() {
		this.client.get()
			.uri("/fail/unavailable")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.valueEquals("Retry-After", "7")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo(ClaudeException.UNAVAILABLE_MESSAGE)
			.jsonPath("$.status")
			.isEqualTo(503)
			.consumeWith((result) -> org.assertj.core.api.Assertions.assertThat(new String(result.getResponseBody()))
				.doesNotContain("upstream says")
				.doesNotContain("overloaded_error"));
	}

	@Test
	void refusedContentShouldBe422AndCallersMistakes400WithoutRetryAfter() {
		this.client.get().uri("/fail/403").exchange().expectStatus().isEqualTo(422).expectHeader().doesNotExist("Retry-After");
		this.client.get().uri("/fail/400").exchange().expectStatus().isEqualTo(400).expectBody()
			.jsonPath("$.detail").isEqualTo(ClaudeException.REJECTED_MESSAGE);
		this.client.get().uri("/fail/404").exchange().expectStatus().isEqualTo(400);
		this.client.get().uri("/fail/413").exchange().expectStatus().isEqualTo(400);
		this.client.get().uri("/fail/418").exchange().expectStatus().isEqualTo(502);
	}

	@Test
	void requestRefusedBeforeSendingShouldBe400NamingTheField() {
		this.client.get()
			.uri("/fail/invalid")
			.exchange()
			.expectStatus()
			.isEqualTo(400)
			.expectHeader()
			.doesNotExist("Retry-After")
			.expectBody()
			.jsonPath("$.field")
			.isEqualTo("max_tokens")
			.jsonPath("$.detail")
			.isEqualTo(ClaudeException.REJECTED_MESSAGE);
	}

	@Test
	void requestLargerThanAMinuteOfALimitShouldBe400NamingTheField() {
		this.client.get()
			.uri("/fail/too-large")
			.exchange()
			.expectStatus()
			.isEqualTo(400)
			.expectHeader()
			.doesNotExist("Retry-After")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.field")
			.isEqualTo("messages")
			.jsonPath("$.detail")
			.isEqualTo(ClaudeException.REJECTED_MESSAGE);
	}

	@Test
	void retryAfterOfAnyLengthShouldBeWholeSecondsWithoutOverflow() {
		this.client.get()
			.uri("/fail/forever")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.valueEquals("Retry-After", Long.toString(Long.MAX_VALUE));
		assertThat(ClaudeProblemDetails.seconds(Duration.ZERO)).isEqualTo(1);
		assertThat(ClaudeProblemDetails.seconds(Duration.ofNanos(1))).isEqualTo(1);
		assertThat(ClaudeProblemDetails.seconds(Duration.ofMillis(1001))).isEqualTo(2);
		assertThat(ClaudeProblemDetails.seconds(Duration.ofSeconds(-5))).isEqualTo(1);
		assertThat(ClaudeProblemDetails.seconds(Duration.ofDays(200_000))).isEqualTo(200_000L * 86_400);
	}

	@Test
	void tenantOverItsBudgetShouldBe429WithRetryAfterUntilItRenews() {
		this.client.get()
			.uri("/fail/tenant")
			.exchange()
			.expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.value("Retry-After", (seconds) -> assertThat(Long.parseLong(seconds)).isBetween(1L, 86_400L))
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo(TenantBudgetExceededException.USER_MESSAGE);
	}

	@Test
	void failureWithoutHintShouldUseTheDefaultRetryAfter() {
		this.client.get().uri("/fail/401").exchange().expectStatus().isEqualTo(503).expectHeader().valueEquals("Retry-After", "30");
	}

	@RestController
	static class FailingController {

		@GetMapping("/fail/{what}")
		Mono<String> fail(@PathVariable String what) {
			if (what.equals("invalid")) {
				return Mono.fromRunnable(() -> ClaudeRequestValidator.validate(ClaudeRequest.of("claude-sonnet-4-5", 0,
						"Hi"), ApiVersion.V2026_10_21, true));
			}
			if (what.equals("too-large")) {
				return Mono.error(LimiterTesting.requestExceedsInputLimit());
			}
			if (what.equals("forever")) {
				return Mono.error(new ClaudeUnavailableException(ClaudeException.UNAVAILABLE_MESSAGE,
						Duration.ofSeconds(Long.MAX_VALUE, 999_999_999), TestFailures.status(529)));
			}
			if (what.equals("tenant")) {
				return Mono.error(LimiterTesting.tenantBudgetExceeded());
			}
			if (what.equals("unavailable")) {
				return Mono.error(new ClaudeUnavailableException(ClaudeException.UNAVAILABLE_MESSAGE, Duration.ofMillis(6200),
						TestFailures.status(529, Map.of("retry-after", "7"))));
			}
			int status = Integer.parseInt(what);
			return Mono.error((status == 401) ? new ClaudeUnavailableException(ClaudeException.UNAVAILABLE_MESSAGE, null,
					TestFailures.status(401)) : TestFailures.status(status));
		}

	}

}
