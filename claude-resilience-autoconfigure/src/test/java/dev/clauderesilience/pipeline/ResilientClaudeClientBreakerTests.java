package dev.clauderesilience.pipeline;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

import dev.clauderesilience.breaker.ClaudeCircuitOpenException;
import dev.clauderesilience.client.ClaudeApiException;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.TestFailures;
import dev.clauderesilience.ratelimit.VirtualTime;

import static org.assertj.core.api.Assertions.assertThat;

class ResilientClaudeClientBreakerTests {

	private static final String MODEL = "claude-sonnet-4-5";

	private static final ClaudeRequest REQUEST = ClaudeRequest.builder().model(MODEL).user("Hi").build();

	@RegisterExtension
	final VirtualTime time = new VirtualTime();

	private static PipelineFixture withoutRetries() {
		return new PipelineFixture("resilience4j.retry.instances.claude.max-attempts=1");
	}

	private static void expect(PipelineFixture fixture, Class<? extends Throwable> failure) {
		StepVerifier.create(fixture.client.send(REQUEST)).expectErrorSatisfies(PipelineFixture.failure(failure)).verify(Duration.ofSeconds(5));
	}

	// five overloaded answers in a row, each failing its call: enough to open the breaker
	private static void overloadedFiveTimes(PipelineFixture fixture) {
		fixture.http.fail(5, TestFailures.status(529));
		for (int i = 0; i < 5; i++) {
			expect(fixture, ClaudeApiException.Overloaded.class);
		}
	}

	@Test
	void breakerShouldOpenAfterFailuresAndThenSendNothing() {
		PipelineFixture fixture = withoutRetries();

		overloadedFiveTimes(fixture);
		expect(fixture, ClaudeCircuitOpenException.class);
		expect(fixture, ClaudeCircuitOpenException.class);

		assertThat(fixture.breakers.states()).containsEntry(MODEL, CircuitBreaker.State.OPEN);
		assertThat(fixture.http.calls()).hasSize(5);
	}

	@Test
	void openBreakerShouldRefuseStreamsAsItRefusesSends() {
		PipelineFixture fixture = withoutRetries();
		overloadedFiveTimes(fixture);

		StepVerifier.create(fixture.client.stream(REQUEST))
			.expectErrorSatisfies(PipelineFixture.failure(ClaudeCircuitOpenException.class))
			.verify(Duration.ofSeconds(5));

		assertThat(fixture.http.calls()).hasSize(5);
	}

	@Test
	void breakerShouldHalfOpenAfterTheCoolingOffAndCloseOnSuccess() {
		PipelineFixture fixture = withoutRetries();
		fixture.http.fail(5, TestFailures.transport());
		for (int i = 0; i < 5; i++) {
			expect(fixture, dev.clauderesilience.client.ClaudeTransportException.class);
		}
		this.time.advance(Duration.ofSeconds(29));
		expect(fixture, ClaudeCircuitOpenException.class);

		this.time.advance(Duration.ofMillis(1001));
		StepVerifier.create(fixture.client.send(REQUEST)).expectNextCount(1).verifyComplete();
		assertThat(fixture.breakers.states()).containsEntry(MODEL, CircuitBreaker.State.HALF_OPEN);
		StepVerifier.create(fixture.client.send(REQUEST)).expectNextCount(1).verifyComplete();

		assertThat(fixture.breakers.states()).containsEntry(MODEL, CircuitBreaker.State.CLOSED);
		assertThat(fixture.http.calls()).hasSize(7);
	}

	@Test
	void rateLimitsAndClientErrorsShouldNotOpenTheBreaker() {
		PipelineFixture fixture = withoutRetries();
		fixture.http.fail(10, TestFailures.status(429)).fail(10, TestFailures.status(400));

		for (int i = 0; i < 10; i++) {
			expect(fixture, ClaudeApiException.RateLimited.class);
		}
		for (int i = 0; i < 10; i++) {
			expect(fixture, ClaudeApiException.InvalidRequest.class);
		}

		assertThat(fixture.breakers.states()).containsEntry(MODEL, CircuitBreaker.State.CLOSED);
		assertThat(fixture.http.calls()).hasSize(20);
	}

	@Test
	void fullLocalConnectionPoolShouldNotOpenTheBreaker() {
		PipelineFixture fixture = withoutRetries();
		fixture.http.fail(10, TestFailures.connectionPoolFull());

		for (int i = 0; i < 10; i++) {
			expect(fixture, dev.clauderesilience.client.ClaudeTransportException.class);
		}

		assertThat(fixture.breakers.states()).containsEntry(MODEL, CircuitBreaker.State.CLOSED);
		StepVerifier.create(fixture.client.send(REQUEST)).expectNextCount(1).verifyComplete();
	}

	@Test
	void openBreakerShouldNotBeRetried() {
		PipelineFixture fixture = new PipelineFixture();
		fixture.http.fail(20, TestFailures.status(500));

		// one call's own retries open the breaker; the attempt that meets it ends the call at once
		StepVerifier.withVirtualTime(() -> fixture.client.send(REQUEST))
			.thenAwait(Duration.ofMinutes(5))
			.expectErrorSatisfies(PipelineFixture.failure(ClaudeCircuitOpenException.class))
			.verify(Duration.ofSeconds(5));
		StepVerifier.withVirtualTime(() -> fixture.client.send(REQUEST))
			.expectErrorSatisfies(PipelineFixture.failure(ClaudeCircuitOpenException.class))
			.verify(Duration.ofSeconds(5));

		assertThat(fixture.http.calls()).hasSize(5);
	}

	@Test
	void eachModelShouldHaveItsOwnBreaker() {
		PipelineFixture fixture = withoutRetries();
		fixture.http.fail(5, TestFailures.status(529));
		for (int i = 0; i < 5; i++) {
			expect(fixture, ClaudeApiException.Overloaded.class);
		}

		StepVerifier.create(fixture.client.send(REQUEST.withModel("claude-haiku-4-5"))).expectNextCount(1).verifyComplete();

		assertThat(fixture.breakers.states()).containsEntry(MODEL, CircuitBreaker.State.OPEN)
			.containsEntry("claude-haiku-4-5", CircuitBreaker.State.CLOSED);
	}

}
