package dev.clauderesilience.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The limits of one model group: its buckets (any may be absent: not limited), its daily budget
 * and the pause a 429 imposed.
 *
 * @since 0.1.0
 */
public final class GroupLimiter {

	private final String name;

	private final TokenBucket requests;

	private final TokenBucket inputTokens;

	private final TokenBucket outputTokens;

	private final DailyTokenBudget dailyBudget;

	private final Duration maxWait;

	private final Clock clock;

	private final AtomicLong pausedUntilNanos = new AtomicLong();

	private final AtomicReference<Instant> lastRateLimitedAt = new AtomicReference<>();

	private final AtomicReference<RateLimitSnapshot> lastSnapshot = new AtomicReference<>(RateLimitSnapshot.EMPTY);

	GroupLimiter(String name, TokenBucket requests, TokenBucket inputTokens, TokenBucket outputTokens,
			DailyTokenBudget dailyBudget, Duration maxWait, Clock clock) {
		this.name = name;
		this.requests = requests;
		this.inputTokens = inputTokens;
		this.outputTokens = outputTokens;
		this.dailyBudget = dailyBudget;
		this.maxWait = maxWait;
		this.clock = clock;
	}

	Permit reserve(long input, long output) {
		if (this.inputTokens != null && input > this.inputTokens.perMinute()) {
			throw new RequestExceedsLimitException("input tokens", input, this.inputTokens.perMinute());
		}
		if (this.outputTokens != null && output > this.outputTokens.perMinute()) {
			throw new RequestExceedsLimitException("output tokens (reserved from max_tokens)", output,
					this.outputTokens.perMinute());
		}
		return reserveFitting(input, output);
	}

	// without the size check: the local fallback of shared limits holds only a share of each
	// limit, and a request that fits the shared limit must not be refused as too large
	Permit reserveFitting(long input, long output) {
		if (this.dailyBudget != null) {
			this.dailyBudget.reserve(input + output);
		}
		long wait = Math.max(0, this.pausedUntilNanos.get() - nanos());
		wait = Math.max(wait, reserve(this.requests, 1));
		wait = Math.max(wait, reserve(this.inputTokens, input));
		wait = Math.max(wait, reserve(this.outputTokens, output));
		Permit permit = new Permit(this, input, output, wait);
		if (wait > this.maxWait.toNanos()) {
			permit.cancel();
			throw new CapacityWaitExceededException(this.name, Duration.ofNanos(wait), this.maxWait);
		}
		return permit;
	}

	private static long reserve(TokenBucket bucket, long amount) {
		return (bucket != null) ? bucket.reserve(amount) : 0;
	}

	void learn(RateLimitSnapshot snapshot) {
		if (snapshot == null || snapshot == RateLimitSnapshot.EMPTY) {
			return;
		}
		this.lastSnapshot.set(snapshot);
		learn(this.requests, snapshot.requests());
		learn(this.inputTokens, snapshot.inputTokens());
		learn(this.outputTokens, snapshot.outputTokens());
	}

	private static void learn(TokenBucket bucket, RateLimitSnapshot.Limit limit) {
		if (bucket != null && limit.isKnown()) {
			bucket.learn(limit.limit(), limit.remaining(), limit.reset());
		}
	}

	void pauseUntil(long nanos, Instant now) {
		this.pausedUntilNanos.accumulateAndGet(nanos, Math::max);
		this.lastRateLimitedAt.set(now);
	}

	long pausedUntilNanos() {
		return this.pausedUntilNanos.get();
	}

	void waiting(int delta) {
		if (this.requests != null) {
			this.requests.waiting(delta);
		}
	}

	void give(long requests, long input, long output, long daily) {
		adjust(this.requests, -requests);
		adjust(this.inputTokens, -input);
		adjust(this.outputTokens, -output);
		if (this.dailyBudget != null && daily != 0) {
			this.dailyBudget.adjust(-daily);
		}
	}

	private static void adjust(TokenBucket bucket, long delta) {
		if (bucket != null && delta != 0) {
			bucket.adjust(delta);
		}
	}

	private long nanos() {
		return EpochNanos.now(this.clock);
	}

	/**
	 * The group's name.
	 * @return {@code opus}, {@code sonnet}, {@code haiku} or a model id
	 */
	public String name() {
		return this.name;
	}

	/**
	 * The requests-per-minute bucket.
	 * @return the bucket, or {@code null} when not limited
	 */
	public TokenBucket requests() {
		return this.requests;
	}

	/**
	 * The input-tokens-per-minute bucket.
	 * @return the bucket, or {@code null} when not limited
	 */
	public TokenBucket inputTokens() {
		return this.inputTokens;
	}

	/**
	 * The output-tokens-per-minute bucket.
	 * @return the bucket, or {@code null} when not limited
	 */
	public TokenBucket outputTokens() {
		return this.outputTokens;
	}

	/**
	 * The daily budget.
	 * @return the budget, or {@code null} when not limited
	 */
	public DailyTokenBudget dailyBudget() {
		return this.dailyBudget;
	}

	/**
	 * When a 429 last paused the group.
	 * @return the time, or {@code null}
	 */
	public Instant lastRateLimitedAt() {
		return this.lastRateLimitedAt.get();
	}

	/**
	 * The latest rate-limit headers received for the group.
	 * @return the snapshot, {@link RateLimitSnapshot#EMPTY} before the first answer
	 */
	public RateLimitSnapshot lastSnapshot() {
		return this.lastSnapshot.get();
	}

}
