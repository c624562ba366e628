package dev.clauderesilience.ratelimit;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import reactor.core.scheduler.Schedulers;

/**
 * A clock that follows Reactor's scheduler time, so that under StepVerifier's virtual time the
 * pipeline's limits, deadlines and breakers see the same time as its delays.
 */
public final class VirtualClock extends Clock {

	public static final Instant EPOCH = Instant.parse("2026-11-27T10:00:00Z");

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

	@Override
	public Instant instant() {
		return EPOCH.plusNanos(Schedulers.parallel().now(TimeUnit.NANOSECONDS));
	}

	/**
	 * Seconds since {@link #EPOCH}.
	 * @param instant an instant of this clock
	 * @return the seconds, fractional
	 */
	public static double seconds(Instant instant) {
		return (instant.toEpochMilli() - EPOCH.toEpochMilli()) / 1000d;
	}

}
