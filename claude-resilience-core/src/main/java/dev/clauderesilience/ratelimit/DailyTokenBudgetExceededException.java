package dev.clauderesilience.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.clauderesilience.client.ClaudeException;
import dev.clauderesilience.client.FailureClass;

/**
 * Today's token budget ({@code claude.limits.tokens-per-day}) cannot cover the request; nothing
 * was sent. Not retryable before {@link #resetsAt()}.
 *
 * @since 0.1.0
 */
public final class DailyTokenBudgetExceededException extends ClaudeException {

	private final Instant resetsAt;

	private final Duration untilReset;

	// the wait is measured on the limiter's clock when the budget refused, not on the system's
	DailyTokenBudgetExceededException(long limit, long used, long requested, Instant resetsAt, Instant now) {
		super("Daily token budget of " + limit + " would be exceeded: " + used + " used today, " + requested
				+ " requested; resets at " + resetsAt, null, null);
		this.resetsAt = resetsAt;
		Duration wait = Duration.between(now, resetsAt);
		this.untilReset = wait.isNegative() ? Duration.ZERO : wait;
	}

	/**
	 * When the budget resets.
	 * @return the next midnight in the configured zone
	 */
	public Instant resetsAt() {
		return this.resetsAt;
	}

	@Override
	public Optional<Duration> retryAfter() {
		return Optional.of(this.untilReset);
	}

	@Override
	public FailureClass failureClass() {
		return FailureClass.unavailable(FailureClass.Kind.DAILY_BUDGET, FailureClass.Fallback.NONE, true)
			.withRealRetryAfter();
	}

}
