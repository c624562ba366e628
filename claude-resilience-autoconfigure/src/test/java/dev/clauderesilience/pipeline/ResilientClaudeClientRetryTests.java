package dev.clauderesilience.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import dev.clauderesilience.client.ClaudeApiException;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeResponse;
import dev.clauderesilience.client.ClaudeStreamEvent;
import dev.clauderesilience.client.ClaudeStreamException;
import dev.clauderesilience.client.ContentBlock;
import dev.clauderesilience.client.TestFailures;
import dev.clauderesilience.client.Usage;
import dev.clauderesilience.client.RateLimitSnapshot;
import dev.clauderesilience.ratelimit.VirtualTime;

import static org.assertj.core.api.Assertions.assertThat;

class ResilientClaudeClientRetryTests {

	private static final ClaudeRequest REQUEST = ClaudeRequest.builder().user("Hi").build();

	@RegisterExtension
	final VirtualTime time = new VirtualTime();

	private static double[] gaps(List<ScriptedHttp.Call> calls) {
		double[] gaps = new double[calls.size() - 1];
		for (int i = 1; i < calls.size(); i++) {
			gaps[i - 1] = Math.round((calls.get(i).at() - calls.get(i - 1).at()) * 1000) / 1000d;
		}
		return gaps;
	}

	// a breaker that opens after 5 failures would cut these sequences short
	private static final String LENIENT_BREAKER = "resilience4j.circuitbreaker.instances.claude.minimum-number-of-calls=100";

	@Test
	void retryByDefaultShouldMakeSixAttemptsWaitingOneSecondDoublingWithJitter() {
		PipelineFixture fixture = new PipelineFixture(LENIENT_BREAKER);
		fixture.http.fail(10, TestFailures.status(529));

		StepVerifier.withVirtualTime(() -> fixture.client.send(REQUEST))
			.thenAwait(Duration.ofMinutes(5))
			.expectErrorSatisfies(PipelineFixture.failure(ClaudeApiException.Overloaded.class))
			.verify(Duration.ofSeconds(5));

		double[] gaps = gaps(fixture.http.calls());
		assertThat(gaps).hasSize(5);
		for (int i = 0; i < gaps.length; i++) {
			double nominal = Math.pow(2, i);
			assertThat(gaps[i]).as("wait before attempt %d", i + 2).isBetween(0.5 * nominal, 1.5 * nominal);
		}
	}

	@Test
	void backoffShouldBeCappedAtSixtySeconds() {
		PipelineFixture fixture = new PipelineFixture(LENIENT_BREAKER,
				"resilience4j.retry.instances.claude.max-attempts=10");
		fixture.http.fail(10, TestFailures.status(500));

		StepVerifier.withVirtualTime(() -> fixture.client.send(REQUEST))
			.thenAwait(Duration.ofMinutes(30))
			.expectErrorSatisfies(PipelineFixture.failure(ClaudeApiException.ApiError.class))
			.verify(Duration.ofSeconds(5));

		double[] gaps = gaps(fixture.http.calls());
		assertThat(gaps).hasSize(9);
		for (int i = 0; i < gaps.length; i++) {
			double nominal = Math.min(60, Math.pow(2, i));
			assertThat(gaps[i]).as("wait before attempt %d", i + 2)
				.isBetween(0.5 * nominal, Math.min(60, 1.5 * nominal));
		}
	}

	@Test
	void userPropertiesShouldOverrideTheStarterDefaults() {
		PipelineFixture fixture = new PipelineFixture("resilience4j.retry.instances.claude.max-attempts=4",
				"resilience4j.retry.instances.claude.enable-randomized-wait=false",
				"resilience4j.retry.instances.claude.wait-duration=3s");
		fixture.http.fail(10, TestFailures.status(529));

		StepVerifier.withVirtualTime(() -> fixture.client.send(REQUEST))
			.thenAwait(Duration.ofMinutes(5))
			.expectErrorSatisfies(PipelineFixture.failure(ClaudeApiException.Overloaded.class))
			.verify(Duration.ofSeconds(5));

		assertThat(gaps(fixture.http.calls())).containsExactly(3, 6, 12);
	}

	@Test
	void retryShouldWaitForRetryAfterWhenLongerThanBackoff() {
		PipelineFixture fixture = new PipelineFixture();
		fixture.http.fail(1, TestFailures.status(429, Map.of("retry-after", "7")));

		StepVerifier.withVirtualTime(() -> fixture.client.send(REQUEST))
			.thenAwait(Duration.ofSeconds(7))
			.assertNext((response) -> assertThat(response.text()).isEqualTo("Hello"))
			.verifyComplete();

		assertThat(gaps(fixture.http.calls())).containsExactly(7.0);
	}

	@Test
	void retryShouldRecoverFromTransientFailures() {
		PipelineFixture fixture = new PipelineFixture();
		fixture.http.fail(1, TestFailures.status(529))
			.fail(1, TestFailures.transport())
			.fail(1, TestFailures.status(502))
			.fail(1, TestFailures.status(409));

		StepVerifier.withVirtualTime(() -> fixture.client.send(REQUEST))
			.thenAwait(Duration.ofMinutes(1))
			.expectNextCount(1)
			.verifyComplete();

		assertThat(fixture.http.calls()).hasSize(5);
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 401, 402, 403, 404, 413 })
	void nonRetryableStatusShouldBeSentExactlyOnce(int status) {
		PipelineFixture fixture = new PipelineFixture();
		fixture.http.fail(5, TestFailures.status(status));

		StepVerifier.withVirtualTime(() -> fixture.client.send(REQUEST))
			.expectErrorSatisfies((ex) -> assertThat(((ClaudeApiException) PipelineFixture.unwrap(ex)).status()).isEqualTo(status))
			.verify(Duration.ofSeconds(5));

		assertThat(fixture.http.calls()).hasSize(1);
	}

	@Test
	void spendCapShouldBeSentExactlyOnce() {
		PipelineFixture fixture = new PipelineFixture();
		fixture.http.fail(5, TestFailures.spendCap());

		StepVerifier.withVirtualTime(() -> fixture.client.send(REQUEST))
			.expectErrorSatisfies(PipelineFixture.failure(ClaudeApiException.SpendCap.class))
			.verify(Duration.ofSeconds(5));

		assertThat(fixture.http.calls()).hasSize(1);
	}

	@Test
	void shouldRetryHeaderShouldOverrideTheStatusRule() {
		PipelineFixture fixture = new PipelineFixture();
		fixture.http.fail(1, TestFailures.status(400, Map.of("x-should-retry", "true")))
			.fail(5, TestFailures.status(529, Map.of("x-should-retry", "false")));

		StepVerifier.withVirtualTime(() -> fixture.client.send(REQUEST))
			.thenAwait(Duration.ofMinutes(1))
			.expectErrorSatisfies(PipelineFixture.failure(ClaudeApiException.Overloaded.class))
			.verify(Duration.ofSeconds(5));

		assertThat(fixture.http.calls()).hasSize(2);
	}

	@Test
	void retryShouldStopWhenTheNextWaitWouldCrossTheDeadline() {
		PipelineFixture fixture = new PipelineFixture(dev.clauderesilience.ratelimit.LimitSettings.NONE,
				Duration.ofSeconds(30), Duration.ofSeconds(5),
				"resilience4j.retry.instances.claude.enable-randomized-wait=false");
		fixture.http.fail(10, TestFailures.status(529));

		StepVerifier.withVirtualTime(() -> fixture.client.send(REQUEST))
			.expectSubscription()
			.thenAwait(Duration.ofSeconds(3))
			.expectErrorSatisfies(PipelineFixture.failure(ClaudeApiException.Overloaded.class))
			.verify(Duration.ofSeconds(5));

		assertThat(fixture.http.calls()).extracting(ScriptedHttp.Call::at).containsExactly(0.0, 1.0, 3.0);
	}

	@Test
	void streamShouldBeRetriedBeforeContentWithoutDuplicatingMessageStart() {
		PipelineFixture fixture = new PipelineFixture();
		ClaudeResponse shell = new ClaudeResponse("msg_1", "claude-sonnet-4-5", "assistant", List.of(), null, null,
				new Usage(10, 1, 0, 0), null, RateLimitSnapshot.EMPTY);
		fixture.http.stream((request) -> Flux.<ClaudeStreamEvent>just(new ClaudeStreamEvent.MessageStart(shell))
			.concatWith(Flux.error(TestFailures.streamError("overloaded_error", "", false))));
		fixture.http.stream((request) -> Flux.just(new ClaudeStreamEvent.MessageStart(shell),
				new ClaudeStreamEvent.ContentBlockStart(0, ContentBlock.text("")),
				new ClaudeStreamEvent.ContentBlockDelta(0, new ClaudeStreamEvent.TextDelta("Hi!")),
				new ClaudeStreamEvent.ContentBlockStop(0),
				new ClaudeStreamEvent.MessageDelta("end_turn", null, new Usage(0, 3, 0, 0)),
				new ClaudeStreamEvent.MessageStop()));

		StepVerifier.withVirtualTime(() -> fixture.client.stream(REQUEST))
			.thenAwait(Duration.ofSeconds(5))
			.expectNextMatches(ClaudeStreamEvent.MessageStart.class::isInstance)
			.expectNextMatches(ClaudeStreamEvent.ContentBlockStart.class::isInstance)
			.expectNextCount(4)
			.verifyComplete();

		assertThat(fixture.http.calls()).hasSize(2);
	}

	@Test
	void streamShouldNotBeRetriedAfterContentAndShouldKeepThePartialText() {
		PipelineFixture fixture = new PipelineFixture();
		fixture.http.stream((request) -> Flux.<ClaudeStreamEvent>just(
				new ClaudeStreamEvent.ContentBlockStart(0, ContentBlock.text("")),
				new ClaudeStreamEvent.ContentBlockDelta(0, new ClaudeStreamEvent.TextDelta("Half an ans")))
			.concatWith(Flux.error(TestFailures.streamError("overloaded_error", "Half an ans", true))));

		StepVerifier.withVirtualTime(() -> fixture.client.stream(REQUEST))
			.thenAwait(Duration.ofSeconds(5))
			.expectNextCount(2)
			.expectErrorSatisfies((ex) -> assertThat(((ClaudeStreamException) ex).partialText()).isEqualTo("Half an ans"))
			.verify(Duration.ofSeconds(5));

		assertThat(fixture.http.calls()).hasSize(1);
	}

	@Test
	void retriesShouldBeRecordedByResilience4j() {
		PipelineFixture fixture = new PipelineFixture();
		fixture.http.fail(2, TestFailures.status(529));

		StepVerifier.withVirtualTime(() -> fixture.client.send(REQUEST)).thenAwait(Duration.ofMinutes(1))
			.expectNextCount(1)
			.verifyComplete();

		assertThat(fixture.retryRegistry.retry("claude").getMetrics().getNumberOfSuccessfulCallsWithRetryAttempt())
			.isEqualTo(1);
	}

}
