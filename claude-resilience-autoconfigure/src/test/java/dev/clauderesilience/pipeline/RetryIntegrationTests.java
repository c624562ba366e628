package dev.clauderesilience.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.clauderesilience.autoconfigure.StarterContext;
import dev.clauderesilience.client.ClaudeApiException;
import dev.clauderesilience.client.ClaudeClient;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeResponse;
import dev.clauderesilience.client.ClaudeUnavailableException;
import dev.clauderesilience.test.ClaudeSimulator;
import dev.clauderesilience.test.JournalEntry;
import dev.clauderesilience.test.SimulatedFault;

import static dev.clauderesilience.pipeline.CallerFailures.failure;
import static dev.clauderesilience.pipeline.CallerFailures.typed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What the auto-configured client retries, on the Claude API simulator: transient failures are
 * retried until an answer comes; requests the API rejects, and the spend cap, are sent exactly
 * once and surface as the typed exception. Waits are shortened; their lengths are proven under
 * virtual time in {@link ResilientClaudeClientRetryTests}.
 */
class RetryIntegrationTests {

	private static final String MODEL = "claude-sonnet-4-5";

	private static final ClaudeRequest REQUEST = ClaudeRequest.of(MODEL, 100, "Hello");

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@Test
	void overloadedTwiceThenAnsweredShouldGiveTheCallerTheAnswerAfterThreeRequests() {
		try (ClaudeSimulator sim = simulator()) {
			sim.enqueueFaults(2, SimulatedFault.status(529));
			runner(sim).run((context) -> {
				ClaudeResponse response = context.getBean(ClaudeClient.class).send(REQUEST).block(TIMEOUT);

				System.out.printf("529, 529, 200: caller got '%s'; journal %s%n", response.text(), statuses(sim));
				assertThat(response.text()).isNotEmpty();
				assertThat(statuses(sim)).containsExactly(529, 529, 200);
			});
		}
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(ints = { 400, 401, 402, 403, 404, 413 })
	void rejectedRequestShouldBeSentExactlyOnce(int status) {
		try (ClaudeSimulator sim = simulator()) {
			sim.enqueueFaults(2, SimulatedFault.status(status));
			runner(sim).run((context) -> {
				ClaudeClient client = context.getBean(ClaudeClient.class);

				ClaudeApiException ex = failure(ClaudeApiException.class, client.send(REQUEST));

				System.out.printf("%d: %s after %d request(s)%n", status, ex.getClass().getSimpleName(), sim.count());
				assertThat(ex.status()).isEqualTo(status);
				assertThat(ex).isInstanceOf(switch (status) {
					case 400 -> ClaudeApiException.InvalidRequest.class;
					case 401 -> ClaudeApiException.Authentication.class;
					case 402 -> ClaudeApiException.Billing.class;
					case 403 -> ClaudeApiException.PermissionDenied.class;
					case 404 -> ClaudeApiException.NotFound.class;
					default -> ClaudeApiException.RequestTooLarge.class;
				});
				assertThat(statuses(sim)).containsExactly(status);
			});
		}
	}

	@Test
	void spendCapShouldBeSentExactlyOnce() {
		try (ClaudeSimulator sim = simulator()) {
			sim.enqueueFaults(2, SimulatedFault.spendLimitReached(LocalDate.of(2099, 1, 1)));
			runner(sim).run((context) -> {
				ClaudeClient client = context.getBean(ClaudeClient.class);

				ClaudeApiException.SpendCap ex = failure(ClaudeApiException.SpendCap.class, client.send(REQUEST));

				System.out.printf("Spend cap: regains access at %s, retryable %s, after %d request(s)%n",
						ex.regainsAt(), ex.isRetryable(), sim.count());
				assertThat(ex.regainsAt()).isEqualTo(Instant.parse("2099-01-01T00:00:00Z"));
				assertThat(statuses(sim)).containsExactly(429);
			});
		}
	}

	@Test
	void spendCapAnnouncedAsA400ShouldBeSentExactlyOnceWithItsRegainDate() {
		try (ClaudeSimulator sim = simulator()) {
			sim.enqueueFaults(2, SimulatedFault.spendCapInvalidRequest(LocalDate.of(2099, 1, 1)));
			runner(sim).run((context) -> {
				ClaudeClient client = context.getBean(ClaudeClient.class);

				ClaudeApiException.SpendCap ex = failure(ClaudeApiException.SpendCap.class, client.send(REQUEST));

				assertThat(ex.status()).isEqualTo(400);
				assertThat(ex.isRetryable()).isFalse();
				assertThat(ex.retryAfter()).hasValueSatisfying(
						(wait) -> assertThat(wait).isGreaterThan(Duration.ofDays(365)));
				assertThat(statuses(sim)).containsExactly(400);
			});
		}
	}

	@Test
	void gatewayHtml502ShouldBeRetried() {
		try (ClaudeSimulator sim = simulator()) {
			sim.enqueueFault(SimulatedFault.htmlBadGateway());
			runner(sim).run((context) -> {
				ClaudeResponse response = context.getBean(ClaudeClient.class).send(REQUEST).block(TIMEOUT);

				System.out.printf("HTML 502 then 200: journal %s%n", statuses(sim));
				assertThat(response.text()).isNotEmpty();
				assertThat(statuses(sim)).containsExactly(502, 200);
			});
		}
	}

	@Test
	void connectionResetShouldBeRetried() {
		try (ClaudeSimulator sim = simulator()) {
			sim.enqueueFault(SimulatedFault.connectionReset());
			runner(sim).run((context) -> {
				ClaudeResponse response = context.getBean(ClaudeClient.class).send(REQUEST).block(TIMEOUT);

				System.out.printf("Connection reset then 200: journal %s (0 = reset)%n", statuses(sim));
				assertThat(response.text()).isNotEmpty();
				assertThat(statuses(sim)).containsExactly(0, 200);
			});
		}
	}

	private static List<Integer> statuses(ClaudeSimulator sim) {
		return sim.journal().stream().map(JournalEntry::status).toList();
	}

	private static ClaudeSimulator simulator() {
		return ClaudeSimulator.builder().outputTokens(20).build().start();
	}

	private static ApplicationContextRunner runner(ClaudeSimulator sim, String... properties) {
		return StarterContext.withDefaults(sim, "resilience4j.retry.instances.claude.wait-duration=10ms")
			.withPropertyValues(properties);
	}

}
