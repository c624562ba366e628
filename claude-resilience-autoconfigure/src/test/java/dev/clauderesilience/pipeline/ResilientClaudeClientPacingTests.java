package dev.clauderesilience.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeResponse;
import dev.clauderesilience.client.ClaudeUnavailableException;
import dev.clauderesilience.client.TestFailures;
import dev.clauderesilience.client.Usage;
import dev.clauderesilience.ratelimit.CapacityWaitExceededException;
import dev.clauderesilience.ratelimit.DailyTokenBudgetExceededException;
import dev.clauderesilience.ratelimit.GroupLimiter;
import dev.clauderesilience.ratelimit.LimitSettings;
import dev.clauderesilience.ratelimit.RequestExceedsLimitException;
import dev.clauderesilience.ratelimit.VirtualClock;
import dev.clauderesilience.ratelimit.VirtualTime;

import static org.assertj.core.api.Assertions.assertThat;

class ResilientClaudeClientPacingTests {

	private static final ClaudeRequest REQUEST = ClaudeRequest.builder().user("Hi").build();

	@RegisterExtension
	final VirtualTime time = new VirtualTime();

	private static PipelineFixture fixture(LimitSettings limits, Duration maxWait) {
		return new PipelineFixture(limits, maxWait, Duration.ofHours(1));
	}

	private static LimitSettings rpm(long rpm) {
		return new LimitSettings(rpm, null, null, null);
	}

	private List<Object> sendConcurrently(PipelineFixture fixture, int count) {
		List<Object> outcomes = new CopyOnWriteArrayList<>();
		Flux.range(0, count)
			.flatMap((i) -> fixture.client.send(REQUEST).cast(Object.class).onErrorResume((ex) -> Flux.just(ex).next()),
					count)
			.subscribe(outcomes::add);
		return outcomes;
	}

	@Test
	void burstShouldNeverExceedTheAllowanceAndTheRestShouldBePacedEvenly() {
		PipelineFixture fixture = fixture(rpm(120), Duration.ofSeconds(30));

		List<Object> outcomes = sendConcurrently(fixture, 10);
		this.time.advance(Duration.ofSeconds(10));

		assertThat(outcomes).hasSize(10).allMatch(ClaudeResponse.class::isInstance);
		// 120 RPM with a 2 s allowance: 4 at once, then one every 0.5 s
		assertThat(fixture.http.calls()).extracting(ScriptedHttp.Call::at)
			.containsExactly(0.0, 0.0, 0.0, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0);
	}

	@Test
	void tokenReservationsShouldSettleToActualUsage() {
		PipelineFixture fixture = fixture(new LimitSettings(null, 6000L, 6000L, null), Duration.ofSeconds(30));
		fixture.http.usage(new Usage(10, 5, 7, 500));

		StepVerifier.create(fixture.client.send(REQUEST)).expectNextCount(1).verifyComplete();

		GroupLimiter group = fixture.limiter.group("claude-sonnet-4-5");
		// capacity 200 each (2 s of 100/s); input counts input + cache creation, never cache reads
		assertThat(group.clientLevels().inputTokens()).isEqualTo(200 - 17);
		assertThat(group.clientLevels().outputTokens()).isEqualTo(200 - 5);
	}

	@Test
	void requestLargerThanTheWholeMinuteShouldFailAtOnceWithoutBeingSent() {
		PipelineFixture fixture = fixture(new LimitSettings(null, 100L, null, null), Duration.ofSeconds(30));
		ClaudeRequest large = ClaudeRequest.builder().user("x".repeat(2000)).build();

		StepVerifier.withVirtualTime(() -> fixture.client.send(large))
			.expectErrorSatisfies(PipelineFixture.failure(RequestExceedsLimitException.class))
			.verify(Duration.ofSeconds(5));

		assertThat(fixture.http.calls()).isEmpty();
	}

	@Test
	void requestLargerThanTheBurstShouldBorrowAheadAndDelayTheNext() {
		// 600 input tokens per minute: 10 per second, a 2 s allowance of 20
		PipelineFixture fixture = fixture(new LimitSettings(null, 600L, null, null), Duration.ofSeconds(60));
		fixture.http.usage(new Usage(58, 5, 0, 0));
		ClaudeRequest large = ClaudeRequest.builder().user("x".repeat(190)).build();

		List<Object> outcomes = new CopyOnWriteArrayList<>();
		fixture.client.send(large).subscribe(outcomes::add);
		fixture.client.send(REQUEST).subscribe(outcomes::add);
		this.time.advance(Duration.ofSeconds(10));

		assertThat(outcomes).hasSize(2);
		List<ScriptedHttp.Call> calls = fixture.http.calls();
		assertThat(calls.get(0).at()).isZero();
		// the large one went at once on a full bucket and left it in debt: the next waited it out
		assertThat(calls.get(1).at()).isGreaterThan(3.0);
	}

	@Test
	void callsThatCannotGetCapacityWithinMaxWaitShouldFailAtOnceWithRetryAfter() {
		PipelineFixture fixture = fixture(rpm(60), Duration.ofSeconds(5));

		List<Object> outcomes = sendConcurrently(fixture, 10);

		assertThat(outcomes).filteredOn(Throwable.class::isInstance)
			.as("failed at once, before any time passed")
			.hasSize(3)
			.allSatisfy((outcome) -> {
				assertThat(outcome).isInstanceOf(ClaudeUnavailableException.class);
				assertThat(((Throwable) outcome).getCause()).isInstanceOf(CapacityWaitExceededException.class);
				assertThat(((ClaudeUnavailableException) outcome).retryAfter()).hasValueSatisfying(
						(wait) -> assertThat(wait).isGreaterThan(Duration.ofSeconds(5)));
			});
		this.time.advance(Duration.ofSeconds(10));
		assertThat(outcomes).hasSize(10);
		assertThat(fixture.http.calls()).extracting(ScriptedHttp.Call::at)
			.containsExactly(0.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0);
	}

	@Test
	void cancelledWaitingCallShouldGiveItsCapacityBack() {
		PipelineFixture fixture = fixture(rpm(60), Duration.ofSeconds(30));
		fixture.client.send(REQUEST).subscribe();
		fixture.client.send(REQUEST).subscribe();
		Disposable third = fixture.client.send(REQUEST).subscribe();

		this.time.advance(Duration.ofMillis(500));
		third.dispose();
		fixture.client.send(REQUEST).subscribe();
		this.time.advance(Duration.ofSeconds(5));

		assertThat(fixture.http.calls()).extracting(ScriptedHttp.Call::at).containsExactly(0.0, 0.0, 1.0);
	}

	@Test
	void rateLimitedAnswerShouldHoldBackEveryWaitingCallOfTheGroupUntilRetryAfter() {
		PipelineFixture fixture = fixture(rpm(60), Duration.ofSeconds(30));
		fixture.http.fail(1, TestFailures.status(429, Map.of("retry-after", "10")));

		List<Object> outcomes = sendConcurrently(fixture, 4);
		this.time.advance(Duration.ofSeconds(30));

		assertThat(outcomes).hasSize(4).allMatch(ClaudeResponse.class::isInstance);
		List<Double> times = fixture.http.calls().stream().map(ScriptedHttp.Call::at).toList();
		// the first call met the 429; nothing of the group went out again before its retry-after
		assertThat(times).hasSize(5);
		assertThat(times.get(0)).isZero();
		assertThat(times.subList(1, 5)).allSatisfy((at) -> assertThat(at).isGreaterThanOrEqualTo(10.0));
	}

	@Test
	void dailyBudgetShouldRejectWithoutARequestOnceSpentAndResetAtMidnight() {
		PipelineFixture fixture = fixture(new LimitSettings(null, null, null, 300L), Duration.ofSeconds(30));
		fixture.http.usage(new Usage(100, 100, 0, 0));

		StepVerifier.create(fixture.client.send(REQUEST)).expectNextCount(1).verifyComplete();
		StepVerifier.create(fixture.client.send(REQUEST))
			.expectErrorSatisfies((ex) -> {
				DailyTokenBudgetExceededException exceeded = (DailyTokenBudgetExceededException) ex.getCause();
				assertThat(exceeded.resetsAt()).isEqualTo(VirtualClock.EPOCH.plus(Duration.ofHours(14)));
				// measured on the limiter's clock: 14 h from 10:00, less the fixture's 2 s warm-up
				assertThat(exceeded.retryAfter()).contains(Duration.ofHours(14).minusSeconds(2));
			})
			.verify(Duration.ofSeconds(5));
		assertThat(fixture.http.calls()).hasSize(1);

		// the fixture's day starts at 10:00 UTC: midnight is 14 h away
		this.time.advance(Duration.ofHours(14));
		StepVerifier.create(fixture.client.send(REQUEST)).expectNextCount(1).verifyComplete();
		assertThat(fixture.http.calls()).hasSize(2);
	}

}
