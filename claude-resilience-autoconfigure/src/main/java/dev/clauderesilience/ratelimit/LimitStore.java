package dev.clauderesilience.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import reactor.core.publisher.Mono;

/**
 * Where the limits of several application instances live when they share one set (for example
 * in Redis): the per-minute buckets, the daily budget, the pause after a 429 and what the
 * headers taught. A reservation is one atomic operation, so that no two instances spend the same
 * capacity. When the store cannot be reached, its operations fail with
 * {@link LimitStoreUnavailableException} and the {@link ClaudeRateLimiter} paces on its local
 * fallback buckets instead.
 *
 * @since 0.1.0
 */
public interface LimitStore {

	/**
	 * Reserves what one request needs in every dimension at once, or nothing.
	 * @param limits the limits of the request's model group
	 * @param inputTokens the estimated input tokens
	 * @param outputTokens the reserved output tokens
	 * @return the outcome, or an error {@link LimitStoreUnavailableException}
	 */
	Mono<Reservation> reserve(GroupLimits limits, long inputTokens, long outputTokens);

	/**
	 * Gives back (positive) or takes more of (negative) what a reservation took. Best effort.
	 * @param limits the group's limits
	 * @param requests requests to give back
	 * @param inputTokens input tokens to give back
	 * @param outputTokens output tokens to give back
	 * @param dailyTokens daily-budget tokens to give back
	 * @return completion, or an error {@link LimitStoreUnavailableException}
	 */
	Mono<Void> give(GroupLimits limits, long requests, long inputTokens, long outputTokens, long dailyTokens);

	/**
	 * Takes in what an answer's headers said (lower remaining, lower limit). Best effort.
	 * @param limits the group's limits
	 * @param snapshot the headers
	 * @return completion, or an error {@link LimitStoreUnavailableException}
	 */
	Mono<Void> learn(GroupLimits limits, RateLimitSnapshot snapshot);

	/**
	 * Holds back the whole group until a time (the later of the current mark and this one).
	 * @param limits the group's limits
	 * @param until the end of the pause
	 * @return completion, or an error {@link LimitStoreUnavailableException}
	 */
	Mono<Void> pause(GroupLimits limits, Instant until);

	/**
	 * The end of the group's current pause.
	 * @param limits the group's limits
	 * @return the end, {@link Instant#EPOCH} when not paused
	 */
	Mono<Instant> pausedUntil(GroupLimits limits);

	/**
	 * Whether the store answered the last time it was asked.
	 * @return {@code false} while the limits are local
	 */
	boolean isAvailable();

	/**
	 * The store's name, for health reasons.
	 * @return e.g. {@code redis}
	 */
	String name();

	/**
	 * The shared limits of one model group; a {@code null} bucket is not limited.
	 *
	 * @param group the group name
	 * @param requests the requests-per-minute bucket
	 * @param inputTokens the input-tokens-per-minute bucket
	 * @param outputTokens the output-tokens-per-minute bucket
	 * @param dailyScope the daily budget's scope: {@code all} when shared by every group
	 * @param tokensPerDay the daily budget, or {@code null}
	 * @param dailyResetZone the zone whose midnight resets the daily budget
	 * @param maxWait how long one call may wait for capacity
	 */
	record GroupLimits(String group, Bucket requests, Bucket inputTokens, Bucket outputTokens, String dailyScope,
			Long tokensPerDay, ZoneId dailyResetZone, Duration maxWait) {
	}

	/**
	 * One continuously refilled bucket.
	 *
	 * @param perMinute the limit per minute
	 * @param capacity the most that may go at once
	 */
	record Bucket(long perMinute, double capacity) {

		/**
		 * The refill rate.
		 * @return units per second
		 */
		public double ratePerSecond() {
			return this.perMinute / 60d;
		}

	}

	/**
	 * What a reservation came to.
	 *
	 * @param outcome granted or why not
	 * @param waitNanos how long the granted request must wait, or would have had to
	 * @param dailyUsed the daily tokens used when the budget refused
	 */
	record Reservation(Outcome outcome, long waitNanos, long dailyUsed) {

		/**
		 * Granted after a wait.
		 * @param waitNanos the wait
		 * @return the reservation
		 */
		public static Reservation granted(long waitNanos) {
			return new Reservation(Outcome.GRANTED, waitNanos, 0);
		}

	}

	/**
	 * How a reservation ended.
	 */
	enum Outcome {

		/** Everything was reserved. */
		GRANTED,

		/** Nothing was reserved: the daily budget would be passed. */
		DAILY_BUDGET_EXCEEDED,

		/** Nothing was reserved: the wait would pass the maximum. */
		WAIT_EXCEEDED

	}

}
