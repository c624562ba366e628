package dev.clauderesilience.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.event.RateLimiterOnDrainedEvent;
import io.github.resilience4j.ratelimiter.event.RateLimiterOnFailureEvent;
import io.github.resilience4j.ratelimiter.event.RateLimiterOnSuccessEvent;
import io.github.resilience4j.ratelimiter.internal.RateLimiterEventProcessor;

/**
 * A continuously refilled token bucket for one limit dimension (requests, input tokens or
 * output tokens per minute) of one model group.
 * <p>
 * Why not Resilience4j's {@code AtomicRateLimiter}: it refills in fixed cycles (so a cycle
 * boundary lets twice the allowance through at once, which a strict API bucket answers with
 * 429), and it cannot give permits back, while every reservation here settles to the tokens
 * the answer really used. This class therefore implements Resilience4j's {@link RateLimiter}
 * itself and is registered in the application's {@code RateLimiterRegistry}, so that
 * Resilience4j's metrics, events and endpoints see it like any other limiter.
 * <p>
 * Reservations go into debt: a request may go once the level covers it (or, for a request
 * larger than the burst allowance, once the bucket is full) and then the level drops by its
 * full size, so a large request borrows ahead and later ones wait. State is one immutable
 * value swapped atomically; no locks.
 *
 * @since 0.1.0
 */
public final class TokenBucket implements RateLimiter {

	private static final double NANOS_PER_SECOND = 1_000_000_000d;

	private final String name;

	private final Clock clock;

	private final double capacity;

	private final double ratePerSecond;

	private final long perMinute;

	private final AtomicReference<State> state;

	private final AtomicInteger waiting = new AtomicInteger();

	private final RateLimiterEventProcessor events = new RateLimiterEventProcessor();

	private volatile Duration maxWait;

	/**
	 * A bucket, half full.
	 * @param name the name it is registered under
	 * @param perMinute the limit per minute
	 * @param burst how much time's worth of the limit may go at once
	 * @param maxWait how long a caller may wait for capacity
	 * @param clock the clock
	 */
	public TokenBucket(String name, long perMinute, Duration burst, Duration maxWait, Clock clock) {
		if (perMinute < 1) {
			throw new IllegalArgumentException("perMinute must be positive");
		}
		this.name = name;
		this.clock = clock;
		this.perMinute = perMinute;
		this.ratePerSecond = perMinute / 60d;
		this.capacity = Math.max(1d, this.ratePerSecond * burst.toNanos() / NANOS_PER_SECOND);
		this.maxWait = maxWait;
		// Half full at first: a process's first requests pay for connection set-up, so they reach
		// the API later than they left and bunch up there with the ones paced after them
		this.state = new AtomicReference<>(new State(Math.max(1d, this.capacity / 2), nanos(), 0, Long.MIN_VALUE));
	}

	/**
	 * The limit per minute this bucket enforces.
	 * @return the configured limit
	 */
	public long perMinute() {
		return this.perMinute;
	}

	/**
	 * The most that may go at once.
	 * @return the burst allowance
	 */
	public double capacity() {
		return this.capacity;
	}

	/**
	 * The current level: positive when capacity is free, negative when reservations have borrowed
	 * ahead.
	 * @return the level now
	 */
	public double level() {
		return refilled(this.state.get(), nanos()).level;
	}

	/**
	 * Reserves capacity and says when it may be used. Always reserves; undo with
	 * {@link #adjust(double)} when the caller gives up.
	 * @param amount the amount
	 * @return the wait in nanoseconds, zero when it may go now
	 */
	public long reserve(double amount) {
		long now = nanos();
		while (true) {
			State current = this.state.get();
			State refilled = refilled(current, now);
			double needed = Math.min(amount, this.capacity);
			double rate = rate(refilled, now);
			long wait = (refilled.level >= needed) ? 0 : (long) Math.ceil((needed - refilled.level) / rate * NANOS_PER_SECOND);
			if (this.state.compareAndSet(current, refilled.withLevel(refilled.level - amount))) {
				return wait;
			}
		}
	}

	/**
	 * Changes the amount taken: positive to take more (an answer used more than reserved),
	 * negative to give back (it used less, or never went).
	 * @param delta the change
	 */
	public void adjust(double delta) {
		long now = nanos();
		this.state.updateAndGet((current) -> {
			State refilled = refilled(current, now);
			return refilled.withLevel(Math.min(this.capacity, refilled.level - delta));
		});
	}

	/**
	 * Takes what the API reported: when it says less remains than this bucket believes (another
	 * process shares the key), the level drops to match; when its limit is lower than the one
	 * configured, the refill slows to it until the reported reset.
	 * @param limit the API's limit per minute, or {@code null}
	 * @param remaining what the API says remains, or {@code null}
	 * @param reset when the API's bucket is full again, or {@code null}
	 */
	public void learn(Long limit, Long remaining, Instant reset) {
		long now = nanos();
		this.state.updateAndGet((current) -> {
			State next = refilled(current, now);
			if (remaining != null && remaining < next.level) {
				next = next.withLevel(Math.max(0, remaining));
			}
			if (limit != null && limit > 0 && limit < this.perMinute) {
				long until = (reset != null) ? Math.max(EpochNanos.of(reset), now + 60 * (long) NANOS_PER_SECOND)
						: now + 60 * (long) NANOS_PER_SECOND;
				next = new State(next.level, next.updatedNanos, limit / 60d, until);
			}
			return next;
		});
	}

	/**
	 * Counts a caller waiting for its reservation, for {@link Metrics#getNumberOfWaitingThreads()}
	 * (waiting callers park no thread; the name is Resilience4j's).
	 * @param delta +1 when a wait begins, -1 when it ends
	 */
	public void waiting(int delta) {
		this.waiting.addAndGet(delta);
	}

	private State refilled(State state, long now) {
		long elapsed = now - state.updatedNanos;
		if (elapsed <= 0) {
			return state;
		}
		double level = Math.min(this.capacity, state.level + rate(state, now) * elapsed / NANOS_PER_SECOND);
		return new State(level, now, state.learnedRate, state.learnedUntilNanos);
	}

	private double rate(State state, long now) {
		return (now < state.learnedUntilNanos) ? Math.min(this.ratePerSecond, state.learnedRate) : this.ratePerSecond;
	}

	private long nanos() {
		return EpochNanos.now(this.clock);
	}

	// Resilience4j's view, for its registry, metrics, events and for callers using its API directly

	@Override
	public void changeTimeoutDuration(Duration timeoutDuration) {
		this.maxWait = timeoutDuration;
	}

	@Override
	public void changeLimitForPeriod(int limitForPeriod) {
		throw new UnsupportedOperationException("Set claude.limits.* to change a Claude limit");
	}

	@Override
	public boolean acquirePermission(int permits) {
		long wait = reservePermission(permits);
		if (wait < 0) {
			return false;
		}
		if (wait > 0) {
			// only reached through Resilience4j's blocking API; the starter's own calls never park
			LockSupport.parkNanos(wait);
		}
		return true;
	}

	@Override
	public long reservePermission(int permits) {
		long wait = reserve(permits);
		if (wait > this.maxWait.toNanos()) {
			adjust(-permits);
			this.events.consumeEvent(new RateLimiterOnFailureEvent(this.name, permits));
			return -1;
		}
		this.events.consumeEvent(new RateLimiterOnSuccessEvent(this.name, permits));
		return wait;
	}

	@Override
	public void drainPermissions() {
		long now = nanos();
		State drained = this.state.updateAndGet((current) -> {
			State refilled = refilled(current, now);
			return refilled.withLevel(Math.min(0, refilled.level));
		});
		this.events.consumeEvent(new RateLimiterOnDrainedEvent(this.name, (int) Math.max(0, drained.level)));
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public RateLimiterConfig getRateLimiterConfig() {
		// the closest fixed-cycle description: a full bucket's worth per time to fill it
		long fillNanos = (long) (this.capacity / this.ratePerSecond * NANOS_PER_SECOND);
		return RateLimiterConfig.custom()
			.limitForPeriod((int) Math.max(1, Math.min(Integer.MAX_VALUE, this.capacity)))
			.limitRefreshPeriod(Duration.ofNanos(Math.max(1, fillNanos)))
			.timeoutDuration(this.maxWait)
			.build();
	}

	@Override
	public Map<String, String> getTags() {
		return Map.of();
	}

	@Override
	public Metrics getMetrics() {
		return new Metrics() {

			@Override
			public int getNumberOfWaitingThreads() {
				return TokenBucket.this.waiting.get();
			}

			@Override
			public int getAvailablePermissions() {
				return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Math.floor(level())));
			}

		};
	}

	@Override
	public EventPublisher getEventPublisher() {
		return this.events;
	}

	@Override
	public String toString() {
		return "TokenBucket{" + this.name + ", " + this.perMinute + "/min, capacity " + this.capacity + "}";
	}

	private record State(double level, long updatedNanos, double learnedRate, long learnedUntilNanos) {

		State withLevel(double level) {
			return new State(level, this.updatedNanos, this.learnedRate, this.learnedUntilNanos);
		}

	}

}
