package dev.clauderesilience.test;

import java.time.Duration;
import java.time.Instant;

/**
 * A continuously refilled bucket. Not thread-safe: {@link ModelGroupLimiter} guards it.
 */
final class TokenBucket {

	private final long limitPerMinute;

	private final double capacity;

	private final double ratePerSecond;

	private double level;

	private Instant updated;

	TokenBucket(Long limitPerMinute, Duration burst, double minimumCapacity, long reportedWhenUnlimited, Instant now) {
		boolean limited = limitPerMinute != null && limitPerMinute > 0;
		this.limitPerMinute = limited ? limitPerMinute : reportedWhenUnlimited;
		this.ratePerSecond = limited ? limitPerMinute / 60.0 : Double.POSITIVE_INFINITY;
		double burstSeconds = burst.toNanos() / 1_000_000_000.0;
		this.capacity = limited ? Math.max(minimumCapacity, this.ratePerSecond * burstSeconds) : this.limitPerMinute;
		this.level = this.capacity;
		this.updated = now;
	}

	boolean unlimited() {
		return Double.isInfinite(this.ratePerSecond);
	}

	long limitPerMinute() {
		return this.limitPerMinute;
	}

	void refill(Instant now) {
		if (unlimited()) {
			return;
		}
		if (now.isAfter(this.updated)) {
			double seconds = Duration.between(this.updated, now).toNanos() / 1_000_000_000.0;
			this.level = Math.min(this.capacity, this.level + seconds * this.ratePerSecond);
			this.updated = now;
		}
	}

	void fill(Instant now) {
		this.level = this.capacity;
		this.updated = now;
	}

	boolean has(double amount) {
		return unlimited() || this.level >= amount;
	}

	void take(double amount) {
		if (!unlimited()) {
			this.level -= amount;
		}
	}

	double level() {
		return this.level;
	}

	/**
	 * Seconds until the bucket holds {@code amount}; when it never can (amount above the
	 * capacity), the seconds until it is full.
	 */
	double secondsUntil(double amount) {
		if (unlimited()) {
			return 0;
		}
		double target = Math.min(amount, this.capacity);
		return Math.max(0, (target - this.level) / this.ratePerSecond);
	}

	Instant fullAt(Instant now) {
		if (unlimited()) {
			return now;
		}
		double seconds = Math.max(0, (this.capacity - this.level) / this.ratePerSecond);
		return now.plusNanos((long) Math.ceil(seconds * 1_000_000_000.0));
	}

}
