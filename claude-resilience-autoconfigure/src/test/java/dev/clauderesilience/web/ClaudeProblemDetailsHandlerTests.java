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

import dev.clauderesilience.client.ClaudeException;
import dev.clauderesilience.client.ClaudeUnavailableException;
import dev.clauderesilience.client.TestFailures;

class ClaudeProblemDetailsHandlerTests {

	private final WebTestClient client = WebTestClient.bindToController(new FailingController())
		.controllerAdvice(new ClaudeProblemDetailsHandler(Duration.ofSeconds(30)))
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
	void refusedContentShouldBe422AndRejectedRequests502WithoutRetryAfter() {
		this.client.get().uri("/fail/403").exchange().expectStatus().isEqualTo(422).expectHeader().doesNotExist("Retry-After");
		this.client.get().uri("/fail/400").exchange().expectStatus().isEqualTo(502).expectBody()
			.jsonPath("$.detail").isEqualTo(ClaudeException.REJECTED_MESSAGE);
		this.client.get().uri("/fail/404").exchange().expectStatus().isEqualTo(502);
		this.client.get().uri("/fail/413").exchange().expectStatus().isEqualTo(502);
	}

	@Test
	void failureWithoutHintShouldUseTheDefaultRetryAfter() {
		this.client.get().uri("/fail/401").exchange().expectStatus().isEqualTo(503).expectHeader().valueEquals("Retry-After", "30");
	}

	@RestController
	static class FailingController {

		@GetMapping("/fail/{what}")
		Mono<String> fail(@PathVariable String what) {
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
