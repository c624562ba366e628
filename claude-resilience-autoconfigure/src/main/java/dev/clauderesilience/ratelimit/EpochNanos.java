package dev.clauderesilience.ratelimit;

import java.time.Clock;
import java.time.Instant;

/**
 * Time as nanoseconds since the epoch, the unit the limiter's arithmetic uses: one reading of
 * the clock, in one place.
 *
 * @since 0.1.0
 */
public final class EpochNanos {

	private EpochNanos() {
	}

	/**
	 * The clock's time now.
	 * @param clock the clock
	 * @return nanoseconds since the epoch
	 */
	public static long now(Clock clock) {
		return of(clock.instant());
	}

	/**
	 * An instant.
	 * @param instant the instant
	 * @return nanoseconds since the epoch
	 */
	public static long of(Instant instant) {
		return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
	}

}
