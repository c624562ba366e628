package dev.clauderesilience.ratelimit;

import java.time.Clock;
import java.time.Instant;

/**
 * Time as nanoseconds since the epoch, the unit the limiter's arithmetic uses: one reading of
 * the clock, in one place. The arithmetic saturates: a time a header or a sum puts beyond what a
 * {@code long} holds (about the year 2262) becomes the largest value instead of wrapping round.
 *
 * @since 0.1.0
 */
public final class EpochNanos {

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

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
	 * An instant, saturated to the range of a {@code long}.
	 * @param instant the instant
	 * @return nanoseconds since the epoch
	 */
	public static long of(Instant instant) {
		long seconds = instant.getEpochSecond();
		if (seconds >= Long.MAX_VALUE / NANOS_PER_SECOND) {
			return Long.MAX_VALUE;
		}
		if (seconds <= Long.MIN_VALUE / NANOS_PER_SECOND) {
			return Long.MIN_VALUE;
		}
		return seconds * NANOS_PER_SECOND + instant.getNano();
	}

	/**
	 * A time plus a duration, saturated.
	 * @param nanos a time or duration in nanoseconds
	 * @param delta the nanoseconds to add
	 * @return the sum, or {@link Long#MAX_VALUE} / {@link Long#MIN_VALUE} when it overflows
	 */
	public static long plus(long nanos, long delta) {
		long sum = nanos + delta;
		// overflow only when both have the same sign and the sum has the other
		if (((nanos ^ sum) & (delta ^ sum)) < 0) {
			return (delta > 0) ? Long.MAX_VALUE : Long.MIN_VALUE;
		}
		return sum;
	}

	/**
	 * A duration in nanoseconds, saturated.
	 * @param duration the duration
	 * @return its nanoseconds, or {@link Long#MAX_VALUE} / {@link Long#MIN_VALUE} when it does not fit
	 */
	public static long of(java.time.Duration duration) {
		long seconds = duration.getSeconds();
		if (seconds >= Long.MAX_VALUE / NANOS_PER_SECOND) {
			return Long.MAX_VALUE;
		}
		if (seconds <= Long.MIN_VALUE / NANOS_PER_SECOND) {
			return Long.MIN_VALUE;
		}
		return seconds * NANOS_PER_SECOND + duration.getNano();
	}

	/**
	 * Nanoseconds since the epoch as an instant.
	 * @param nanos the nanoseconds
	 * @return the instant
	 */
	public static Instant toInstant(long nanos) {
		return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
	}

}
