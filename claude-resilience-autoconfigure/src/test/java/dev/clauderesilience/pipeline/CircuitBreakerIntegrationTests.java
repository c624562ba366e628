package dev.clauderesilience.pipeline;

import java.time.Duration;
import java.util.List;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.clauderesilience.autoconfigure.StarterContext;
import dev.clauderesilience.breaker.ClaudeCircuitOpenException;
import dev.clauderesilience.breaker.ModelCircuitBreakers;
import dev.clauderesilience.client.ClaudeApiException;
import dev.clauderesilience.client.ClaudeClient;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeUnavailableException;
import dev.clauderesilience.test.ClaudeSimulator;
import dev.clauderesilience.test.SimulatedFault;

import static dev.clauderesilience.pipeline.CallerFailures.failure;
import static dev.clauderesilience.pipeline.CallerFailures.typed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The auto-configured client's per-model circuit breaker with the starter's defaults (5 calls
 * at least, 50% failures), on the Claude API simulator: an outage opens it and nothing more is
 * sent for that model; 429s and 400s never open it. One attempt per call, so that each call is
 * one breaker outcome.
 */
class CircuitBreakerIntegrationTests {

	private static final String MODEL = "claude-sonnet-4-5";

	private static final ClaudeRequest REQUEST = ClaudeRequest.of(MODEL, 100, "Hello");

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@Test
	void outageShouldOpenTheBreakerAfterFiveFailuresAndStopSendingForThatModel() {
		try (ClaudeSimulator sim = simulator()) {
			sim.outage(MODEL);
			runner(sim).run((context) -> {
				ClaudeClient client = context.getBean(ClaudeClient.class);
				ModelCircuitBreakers breakers = context.getBean(ModelCircuitBreakers.class);
				for (int i = 0; i < 5; i++) {
					failure(ClaudeApiException.Overloaded.class, client.send(REQUEST));
				}
				int sentBeforeOpen = sim.requestsFor(MODEL).size();

				for (int i = 0; i < 3; i++) {
					assertThat(failure(ClaudeCircuitOpenException.class, client.send(REQUEST)).model()).isEqualTo(MODEL);
				}

				System.out.printf("Outage: %d requests sent, breaker %s, 3 further calls refused, %d requests sent%n",
						sentBeforeOpen, breakers.states().get(MODEL), sim.requestsFor(MODEL).size());
				assertThat(sentBeforeOpen).isEqualTo(5);
				assertThat(breakers.states()).containsEntry(MODEL, CircuitBreaker.State.OPEN);
				assertThat(sim.requestsFor(MODEL)).hasSize(5);
			});
		}
	}

	@Test
	void rateLimitedAndRejectedAnswersShouldNotOpenTheBreaker() {
		try (ClaudeSimulator sim = simulator()) {
			runner(sim).run((context) -> {
				ClaudeClient client = context.getBean(ClaudeClient.class);
				ModelCircuitBreakers breakers = context.getBean(ModelCircuitBreakers.class);
				sim.enqueueFaults(6, SimulatedFault.status(400));
				for (int i = 0; i < 6; i++) {
					failure(ClaudeApiException.InvalidRequest.class, client.send(REQUEST));
				}
				// at once, as a 429 pauses the model group for its retry-after
				sim.enqueueFaults(6, SimulatedFault.rateLimited(Duration.ofSeconds(1)));
				List<Throwable> rateLimited = Flux.range(0, 6)
					.flatMap((i) -> client.send(REQUEST).then(Mono.<Throwable>empty()).onErrorResume(Mono::just), 6)
					.collectList()
					.block(TIMEOUT);

				CircuitBreaker breaker = breakers.forModel(MODEL);
				System.out.printf("6 x 400 and 6 x 429: breaker %s, %d failed and %d not permitted calls recorded; "
						+ "journal %d requests%n", breaker.getState(), breaker.getMetrics().getNumberOfFailedCalls(),
						breaker.getMetrics().getNumberOfNotPermittedCalls(), sim.count());
				assertThat(rateLimited).hasSize(6)
					.allSatisfy((ex) -> typed(ClaudeApiException.RateLimited.class, ex));
				assertThat(breakers.states()).containsEntry(MODEL, CircuitBreaker.State.CLOSED);
				assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
				assertThat(client.send(REQUEST).block(TIMEOUT).text()).isNotEmpty();
				assertThat(sim.requestsFor(MODEL)).hasSize(6 + 6 + 1);
			});
		}
	}

	private static ClaudeSimulator simulator() {
		return ClaudeSimulator.builder().outputTokens(20).build().start();
	}

	private static ApplicationContextRunner runner(ClaudeSimulator sim, String... properties) {
		return StarterContext.withDefaults(sim, "resilience4j.retry.instances.claude.max-attempts=1",
				"resilience4j.retry.instances.claude.wait-duration=10ms")
			.withPropertyValues(properties);
	}

}
