package dev.clauderesilience.advisor;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.clauderesilience.client.Usage;
import dev.clauderesilience.observation.ClaudeObserver.Outcome;
import dev.clauderesilience.ratelimit.ClaudeRateLimiter;
import dev.clauderesilience.ratelimit.LimitSettings;
import dev.clauderesilience.ratelimit.OutputReservation;
import dev.clauderesilience.client.RateLimitSnapshot;
import dev.clauderesilience.ratelimit.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tier-upgrade advisor over synthetic hours of traffic, on a manual clock: one WARN per
 * window with the figures when the P95 of a dimension is at or above the warning fraction,
 * none below it.
 */
@ExtendWith(OutputCaptureExtension.class)
class TierAdvisorTests {

	private static final String MODEL = "claude-sonnet-4-5";

	private static final String ADVICE = "consider requesting a higher tier";

	private final MutableClock clock = new MutableClock(Instant.parse("2025-11-03T09:00:00Z"));

	// 50 requests and 80,000 input and 16,000 output tokens per minute, configured client-side
	private final ClaudeRateLimiter limiter = new ClaudeRateLimiter(
			ClaudeRateLimiter.Settings.of(new LimitSettings(50L, 80_000L, 16_000L, null))
			.withBurst(Duration.ofSeconds(60))
			.withMaxWait(Duration.ofSeconds(30))
			.withOutputReservation(OutputReservation.MAX_TOKENS),
			this.clock, null);

	private final TierAdvisor advisor = new TierAdvisor(this.limiter, 0.8, Duration.ofHours(1), 5, this.clock);

	@Test
	void anHourAboveTheThresholdShouldWarnExactlyOnceAndAdvise(CapturedOutput output) {
		this.limiter.group(MODEL);
		// 87% of the input tokens limit every minute, 40% of requests and 25% of output tokens
		hour(20, 69_600, 4_000);

		assertThat(output.getOut().split(ADVICE, -1)).hasSize(2);
		assertThat(output).contains("WARN")
			.contains("sonnet input tokens p95 87% of 80,000/min over the last hour: " + ADVICE);
		List<TierAdvice> advice = this.advisor.advice();
		assertThat(advice).singleElement().satisfies((tip) -> {
			assertThat(tip.modelGroup()).isEqualTo("sonnet");
			assertThat(tip.dimension()).isEqualTo("input_tokens");
			assertThat(tip.p95()).isEqualTo(69_600);
			assertThat(tip.limit()).isEqualTo(80_000);
			assertThat(tip.utilization()).isEqualTo(0.87);
			assertThat(tip.message()).isEqualTo("sonnet input tokens p95 87% of 80,000/min over the last hour: " + ADVICE);
		});
		UsageSummary usage = this.advisor.usage().get("sonnet");
		assertThat(usage.busyMinutes()).hasSize(60);
		assertThat(usage.inputTokensP95()).isEqualTo(69_600);
		assertThat(usage.requestsP95()).isEqualTo(20);
	}

	@Test
	void aSecondHourAboveTheThresholdShouldWarnOnceMore(CapturedOutput output) {
		this.limiter.group(MODEL);
		hour(45, 10_000, 1_000);
		hour(45, 10_000, 1_000);

		assertThat(output.getOut().split(ADVICE, -1)).hasSize(3);
		assertThat(output).contains("sonnet requests p95 90% of 50/min");
	}

	@Test
	void anHourBelowTheThresholdShouldNeitherWarnNorAdvise(CapturedOutput output) {
		this.limiter.group(MODEL);
		hour(39, 63_900, 12_700);

		assertThat(output).doesNotContain(ADVICE);
		assertThat(this.advisor.advice()).isEmpty();
		assertThat(this.advisor.usage().get("sonnet").busyMinutes()).hasSize(60);
	}

	@Test
	void fewerBusyMinutesThanTheMinimumShouldNotAdvise(CapturedOutput output) {
		this.limiter.group(MODEL);
		for (int minute = 0; minute < 4; minute++) {
			minute(50, 80_000, 16_000);
		}
		this.clock.advance(Duration.ofMinutes(1));
		this.advisor.callEnded(MODEL, MODEL, Outcome.SUCCESS, Duration.ZERO, new Usage(1, 1, 0, 0));

		assertThat(this.advisor.advice()).isEmpty();
		assertThat(output).doesNotContain(ADVICE);
	}

	@Test
	void theLimitTheApiReportedShouldWinOverTheConfiguredOne() {
		Instant now = this.clock.instant();
		RateLimitSnapshot.Limit inputTokens = new RateLimitSnapshot.Limit(400_000L, 400_000L, now);
		RateLimitSnapshot.Limit unknown = new RateLimitSnapshot.Limit(null, null, null);
		this.limiter.learn(MODEL, new RateLimitSnapshot(unknown, unknown, inputTokens, unknown, unknown, unknown, null,
				null, "req_1", now));
		hour(20, 69_600, 4_000);

		assertThat(this.advisor.advice()).isEmpty();
	}

	@Test
	void cachedAndFailedCallsShouldNotCount() {
		this.limiter.group(MODEL);
		this.advisor.callEnded(MODEL, MODEL, Outcome.CACHE_HIT, Duration.ZERO, Usage.NONE);
		this.advisor.callEnded(MODEL, null, Outcome.RATE_LIMITED, Duration.ZERO, Usage.NONE);
		this.advisor.callEnded(MODEL, MODEL, Outcome.SUCCESS, Duration.ZERO, new Usage(100, 10, 50, 400));
		this.clock.advance(Duration.ofMinutes(1));

		assertThat(this.advisor.usage().get("sonnet").busyMinutes()).singleElement()
			.satisfies((minute) -> {
				assertThat(minute.requests()).isEqualTo(1);
				// cache reads do not count toward the input tokens limit; cache writes do
				assertThat(minute.inputTokens()).isEqualTo(150);
				assertThat(minute.outputTokens()).isEqualTo(10);
			});
	}

	@Test
	void p95ShouldBeTheNearestRank() {
		List<MinuteUsage> minutes = new java.util.ArrayList<>();
		for (int i = 1; i <= 100; i++) {
			minutes.add(new MinuteUsage(Instant.EPOCH, i, 0, 0));
		}

		assertThat(TierAdvisor.p95(minutes, AdvisedDimension.REQUESTS)).isEqualTo(95);
		assertThat(TierAdvisor.p95(minutes.subList(0, 1), AdvisedDimension.REQUESTS)).isEqualTo(1);
		assertThat(TierAdvisor.p95(List.of(), AdvisedDimension.REQUESTS)).isZero();
	}

	// 60 minutes, each with the given totals spread over its calls, then a call in the next minute
	private void hour(int requests, long inputTokens, long outputTokens) {
		for (int minute = 0; minute < 60; minute++) {
			minute(requests, inputTokens, outputTokens);
		}
		this.advisor.callEnded(MODEL, MODEL, Outcome.CACHE_HIT, Duration.ZERO, Usage.NONE);
	}

	private void minute(int requests, long inputTokens, long outputTokens) {
		for (int call = 0; call < requests; call++) {
			this.advisor.callEnded(MODEL, MODEL, Outcome.SUCCESS, Duration.ofMillis(800),
					new Usage((int) (inputTokens / requests), (int) (outputTokens / requests), 0, 0));
			this.clock.advance(Duration.ofSeconds(1));
		}
		this.clock.advance(Duration.ofSeconds(60 - requests));
	}

}
