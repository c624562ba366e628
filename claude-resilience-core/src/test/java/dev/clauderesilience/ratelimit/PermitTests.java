package dev.clauderesilience.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.clauderesilience.client.ClaudeFailureClassifier;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.FailureClass;
import dev.clauderesilience.client.RateLimitSnapshot;
import dev.clauderesilience.client.TestFailures;
import dev.clauderesilience.client.Usage;
import dev.clauderesilience.ratelimit.LimitStore.Dimension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a permit closes the books of its request, seen through the limiter: what the next call
 * finds left, and when it may go.
 */
class PermitTests {

	private static final String MODEL = "claude-sonnet-4-5";

	// 60 requests and 6,000 output tokens a minute; max_tokens reserved in full
	private static final LimitSettings LIMITS = new LimitSettings(60L, null, 6_000L, null);

	private final VirtualClock clock = new VirtualClock();

	@RegisterExtension
	final VirtualTime time = new VirtualTime();

	private ClaudeRateLimiter limiter(ClaudeFailureClassifier classifier) {
		ClaudeRateLimiter limiter = new ClaudeRateLimiter(
				ClaudeRateLimiter.Settings.of(LIMITS).withOutputReservation(OutputReservation.MAX_TOKENS), this.clock,
				null, null, 1, classifier);
		limiter.group(MODEL);
		this.time.advance(Duration.ofMinutes(1));
		return limiter;
	}

	private ClaudeRateLimiter limiter() {
		return limiter(ClaudeFailureClassifier.DEFAULT);
	}

	private static Permit acquire(ClaudeRateLimiter limiter) {
		return limiter.acquire(ClaudeRequest.of(MODEL, 1_000, "Hi"), 10).block(Duration.ofSeconds(1));
	}

	private static LimitStore.Levels levels(ClaudeRateLimiter limiter) {
		return limiter.group(MODEL).clientLevels();
	}

	@Test
	void completeShouldReplaceTheReservationWithTheAnswersUsage() {
		ClaudeRateLimiter limiter = limiter();
		double full = levels(limiter).level(Dimension.OUTPUT_TOKENS);
		Permit permit = acquire(limiter);
		assertThat(levels(limiter).level(Dimension.OUTPUT_TOKENS)).isEqualTo(full - 1_000);

		permit.complete(new Usage(10, 40, 0, 0), RateLimitSnapshot.EMPTY);

		assertThat(levels(limiter).level(Dimension.OUTPUT_TOKENS)).isEqualTo(full - 40);
		assertThat(limiter.group(MODEL).usedLastMinute(Dimension.OUTPUT_TOKENS)).isEqualTo(40);
		assertThat(limiter.group(MODEL).usedLastMinute(Dimension.REQUESTS)).isEqualTo(1);
	}

	@Test
	void aFailureTheApiDoesNotCountShouldGiveTheWholeReservationBack() {
		ClaudeRateLimiter limiter = limiter();
		LimitStore.Levels before = levels(limiter);

		acquire(limiter).fail(TestFailures.status(529));

		assertThat(levels(limiter).level(Dimension.REQUESTS)).isEqualTo(before.level(Dimension.REQUESTS));
		assertThat(levels(limiter).level(Dimension.OUTPUT_TOKENS)).isEqualTo(before.level(Dimension.OUTPUT_TOKENS));
	}

	@Test
	void aFailureTheApiCountsShouldKeepTheRequestAndGiveTheTokensBack() {
		ClaudeRateLimiter limiter = limiter();
		LimitStore.Levels before = levels(limiter);

		acquire(limiter).fail(TestFailures.status(400));

		assertThat(levels(limiter).level(Dimension.REQUESTS)).isEqualTo(before.level(Dimension.REQUESTS) - 1);
		assertThat(levels(limiter).level(Dimension.OUTPUT_TOKENS)).isEqualTo(before.level(Dimension.OUTPUT_TOKENS));
	}

	@Test
	void theClassifierShouldDecideWhatIsRefunded() {
		// an application that knows its gateway answers 400 before the API counts anything
		ClaudeRateLimiter limiter = limiter((failure) -> {
			FailureClass usual = ClaudeFailureClassifier.DEFAULT.classify(failure);
			return (usual.kind() != FailureClass.Kind.INVALID_REQUEST) ? usual
					: new FailureClass(usual.kind(), false, false, usual.fallback(), false, usual.callerGets(), true,
							400, false);
		});
		LimitStore.Levels before = levels(limiter);

		acquire(limiter).fail(TestFailures.status(400));

		assertThat(levels(limiter).level(Dimension.REQUESTS)).isEqualTo(before.level(Dimension.REQUESTS));
	}

	@Test
	void a429ShouldHoldTheNextCallUntilItsRetryAfter() {
		ClaudeRateLimiter limiter = limiter();
		List<Double> admittedAt = new CopyOnWriteArrayList<>();
		double start = VirtualClock.seconds(this.clock.instant());

		acquire(limiter).fail(TestFailures.status(429, Map.of("retry-after", "7")));
		limiter.acquire(ClaudeRequest.of(MODEL, 10, "Next"), 10)
			.subscribe((permit) -> admittedAt.add(VirtualClock.seconds(this.clock.instant()) - start));
		this.time.advance(Duration.ofSeconds(6));
		assertThat(admittedAt).isEmpty();
		this.time.advance(Duration.ofSeconds(2));

		assertThat(admittedAt).singleElement().satisfies((at) -> assertThat(at).isBetween(7.0, 8.0));
	}

	@Test
	void onlyTheFirstSettlementShouldCount() {
		ClaudeRateLimiter limiter = limiter();
		double full = levels(limiter).level(Dimension.OUTPUT_TOKENS);
		Permit permit = acquire(limiter);

		permit.complete(new Usage(10, 40, 0, 0), RateLimitSnapshot.EMPTY);
		permit.fail(TestFailures.status(529));
		permit.abandon();
		permit.complete(new Usage(10, 900, 0, 0), RateLimitSnapshot.EMPTY);

		assertThat(levels(limiter).level(Dimension.OUTPUT_TOKENS)).isEqualTo(full - 40);
		assertThat(limiter.group(MODEL).usedLastMinute(Dimension.REQUESTS)).isEqualTo(1);
	}

	@Test
	void anAbandonedCallShouldCountAsARequestAndGiveItsTokensBack() {
		ClaudeRateLimiter limiter = limiter();
		LimitStore.Levels before = levels(limiter);

		acquire(limiter).abandon();

		assertThat(levels(limiter).level(Dimension.REQUESTS)).isEqualTo(before.level(Dimension.REQUESTS) - 1);
		assertThat(levels(limiter).level(Dimension.OUTPUT_TOKENS)).isEqualTo(before.level(Dimension.OUTPUT_TOKENS));
	}

	@Test
	void aStreamThatBrokeOffShouldCountTheTokensItHadGenerated() {
		ClaudeRateLimiter limiter = limiter();
		double full = levels(limiter).level(Dimension.OUTPUT_TOKENS);

		acquire(limiter).fail(TestFailures.streamError("overloaded_error", "Half", true), new Usage(10, 25, 0, 0));

		assertThat(levels(limiter).level(Dimension.OUTPUT_TOKENS)).isEqualTo(full - 25);
	}

}
