package dev.clauderesilience.fallback;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.clauderesilience.autoconfigure.StarterContext;
import dev.clauderesilience.breaker.ModelCircuitBreakers;
import dev.clauderesilience.client.ClaudeClient;
import dev.clauderesilience.client.ClaudeFailureClassifier;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeResponse;
import dev.clauderesilience.client.ClaudeStreamAccumulator;
import dev.clauderesilience.client.ClaudeUnavailableException;
import dev.clauderesilience.client.FailureClass;
import dev.clauderesilience.ratelimit.MutableClock;
import dev.clauderesilience.test.ClaudeSimulator;
import dev.clauderesilience.test.ClaudeSimulatorExtension;
import dev.clauderesilience.test.SimulatedFault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The fallback chain on the simulator: which model the API saw, what the caller got.
 */
class FallbackIntegrationTests {

	@RegisterExtension
	static final ClaudeSimulatorExtension simulator = ClaudeSimulatorExtension.create();

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final String SONNET = "claude-sonnet-4-5";

	private static final String HAIKU = "claude-haiku-4-5";

	private static final ClaudeRequest REQUEST = ClaudeRequest.of(SONNET, 100, "Hello");

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));

	private ApplicationContextRunner runner(String... properties) {
		return StarterContext.on(sim(), properties)
			.withPropertyValues("claude.fallback-models=" + SONNET + "," + HAIKU)
			.withBean("claudeClock", Clock.class, () -> this.clock);
	}

	private static ClaudeSimulator sim() {
		return simulator.simulator();
	}

	@Test
	void outageOfTheModelShouldBeAnsweredByTheFallbackAndMarked() {
		sim().outage(SONNET);
		runner().run((context) -> {
			ClaudeResponse response = context.getBean(ClaudeClient.class).send(REQUEST).block(TIMEOUT);

			assertThat(response.model()).isEqualTo(HAIKU);
			assertThat(response.isFallback()).isTrue();
			assertThat(response.fallbackFrom()).isEqualTo(SONNET);
			assertThat(sim().requestsFor(SONNET)).isNotEmpty().allSatisfy((entry) -> assertThat(entry.status()).isEqualTo(529));
			assertThat(sim().requestsFor(HAIKU)).hasSize(1);
		});
	}

	@Test
	void streamShouldFallBackBeforeItsFirstContentEvent() {
		sim().outage(SONNET);
		runner().run((context) -> {
			ClaudeResponse response = ClaudeStreamAccumulator
				.collect(context.getBean(ClaudeClient.class).stream(REQUEST))
				.block(TIMEOUT);

			assertThat(response.model()).isEqualTo(HAIKU);
			assertThat(response.isFallback()).isTrue();
			assertThat(response.text()).isNotBlank();
		});
	}

	@Test
	void openBreakerShouldSendCallsStraightToTheFallbackAndRecoveryShouldReturnToThePrimary() {
		sim().outage(SONNET);
		runner("resilience4j.retry.instances.claude.max-attempts=1").run((context) -> {
			ClaudeClient client = context.getBean(ClaudeClient.class);
			for (int i = 0; i < 5; i++) {
				client.send(REQUEST).block(TIMEOUT);
			}
			ModelCircuitBreakers breakers = context.getBean(ModelCircuitBreakers.class);
			assertThat(breakers.states()).containsEntry(SONNET, CircuitBreaker.State.OPEN);
			int sonnetCalls = sim().requestsFor(SONNET).size();

			ClaudeResponse duringOutage = client.send(REQUEST).block(TIMEOUT);

			assertThat(duringOutage.model()).isEqualTo(HAIKU);
			assertThat(sim().requestsFor(SONNET)).as("primary not called while its breaker is open").hasSize(sonnetCalls);

			sim().clearOutage(SONNET);
			this.clock.advance(Duration.ofSeconds(31));
			ClaudeResponse afterOutage = client.send(REQUEST).block(TIMEOUT);

			assertThat(afterOutage.model()).isEqualTo(SONNET);
			assertThat(afterOutage.isFallback()).isFalse();
			client.send(REQUEST).block(TIMEOUT);
			assertThat(breakers.states()).containsEntry(SONNET, CircuitBreaker.State.CLOSED);
		});
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 401, 402, 403, 404, 413 })
	void requestErrorsShouldNeverFallBack(int status) {
		sim().enqueueFault(SimulatedFault.status(status));
		runner().run((context) -> {
			Throwable failure = catchThrowable(() -> context.getBean(ClaudeClient.class).send(REQUEST).block(TIMEOUT));

			assertThat(failure).isNotNull();
			assertThat(sim().requestsFor(HAIKU)).isEmpty();
			assertThat(sim().requestsFor(SONNET)).hasSize(1);
		});
	}

	@Test
	void rateLimitShouldFallBackOnlyToAnotherRateLimitGroup() {
		sim().enqueueFaults(20, SimulatedFault.rateLimited(Duration.ofSeconds(60)));
		// a 60 s retry-after would cross a 5 s deadline: retrying the same model cannot help
		runner("claude.deadline=5s", "claude.fallback-models=" + SONNET + ",claude-sonnet-4-6").run((context) -> {
			Throwable failure = catchThrowable(() -> context.getBean(ClaudeClient.class).send(REQUEST).block(TIMEOUT));

			assertThat(failure).isInstanceOf(ClaudeUnavailableException.class);
			assertThat(sim().requestsFor("claude-sonnet-4-6")).as("same class, same limit: no help").isEmpty();
		});
		sim().reset();
		sim().enqueueFaults(1, SimulatedFault.rateLimited(Duration.ofSeconds(60)));
		runner("claude.deadline=5s").run((context) -> {
			ClaudeResponse response = context.getBean(ClaudeClient.class).send(REQUEST).block(TIMEOUT);
			assertThat(response.model()).as("the retry-after would cross the deadline; haiku has its own limit")
				.isEqualTo(HAIKU);
		});
	}

	@Test
	void applicationAdvisorShouldReplaceTheDefault() {
		sim().outage(SONNET);
		runner().withBean(FallbackModelAdvisor.class, () -> (request, failed, next, failure) -> false)
			.run((context) -> {
				Throwable failure = catchThrowable(() -> context.getBean(ClaudeClient.class).send(REQUEST).block(TIMEOUT));

				assertThat(failure).isInstanceOf(ClaudeUnavailableException.class);
				assertThat(((ClaudeUnavailableException) failure).userMessage())
					.isEqualTo("Our AI assistant is temporarily unavailable. Please try again in a few minutes, or contact support.");
				assertThat(sim().requestsFor(HAIKU)).isEmpty();
			});
	}

	@Test
	void whenEveryModelFailsTheCallerShouldGetTheCalmConfiguredMessage() {
		sim().outage(SONNET);
		sim().outage(HAIKU);
		runner("claude.messages.unavailable=Please try again shortly.").run((context) -> {
			Throwable failure = catchThrowable(() -> context.getBean(ClaudeClient.class).send(REQUEST).block(TIMEOUT));

			assertThat(failure).isInstanceOf(ClaudeUnavailableException.class);
			ClaudeUnavailableException unavailable = (ClaudeUnavailableException) failure;
			assertThat(unavailable.userMessage()).isEqualTo("Please try again shortly.");
			assertThat(unavailable.getCause().getMessage()).contains("overloaded_error");
			assertThat(unavailable.getCause().getSuppressed()).as("the primary's failure is kept for the logs")
				.isNotEmpty();
		});
	}


	@ParameterizedTest(name = "classifier bean: {0}")
	@ValueSource(booleans = { false, true })
	void aClassifierBeanShouldDecideForEveryLayer(boolean conflictIsAnOutage) {
		// three 409s, one per attempt on the primary; the application may know its 409 is an outage
		sim().enqueueFaults(3, SimulatedFault.status(409));
		ClaudeFailureClassifier classifier = (failure) -> {
			FailureClass usual = ClaudeFailureClassifier.DEFAULT.classify(failure);
			return (conflictIsAnOutage && usual.kind() == FailureClass.Kind.CONFLICT)
					? FailureClass.outage(FailureClass.Kind.CONFLICT, false) : usual;
		};
		runner().withBean(ClaudeFailureClassifier.class, () -> classifier).run((context) -> {
			Throwable failure = catchThrowable(() -> context.getBean(ClaudeClient.class).send(REQUEST).block(TIMEOUT));

			assertThat(sim().requestsFor(SONNET)).hasSize(3).allSatisfy((entry) -> assertThat(entry.status()).isEqualTo(409));
			if (conflictIsAnOutage) {
				assertThat(failure).isNull();
				assertThat(sim().requestsFor(HAIKU)).singleElement().satisfies((entry) -> assertThat(entry.status()).isEqualTo(200));
			}
			else {
				assertThat(failure).isInstanceOf(ClaudeUnavailableException.class);
				assertThat(sim().requestsFor(HAIKU)).isEmpty();
			}
		});
	}

}
