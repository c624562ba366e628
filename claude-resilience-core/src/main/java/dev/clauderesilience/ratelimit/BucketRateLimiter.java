package dev.clauderesilience.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import io.github.resilience4j.core.EventConsumer;
import io.github.resilience4j.core.EventProcessor;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.event.RateLimiterEvent;
import io.github.resilience4j.ratelimiter.event.RateLimiterOnDrainedEvent;
import io.github.resilience4j.ratelimiter.event.RateLimiterOnFailureEvent;
import io.github.resilience4j.ratelimiter.event.RateLimiterOnSuccessEvent;

import dev.clauderesilience.ratelimit.LimitStore.Amounts;
import dev.clauderesilience.ratelimit.LimitStore.Bucket;
import dev.clauderesilience.ratelimit.LimitStore.Decision;
import dev.clauderesilience.ratelimit.LimitStore.Dimension;
import dev.clauderesilience.ratelimit.LimitStore.Outcome;

/**
 * One dimension of a group's local buckets seen as a Resilience4j {@link RateLimiter}, registered
 * in the application's {@code RateLimiterRegistry} as {@code claude-<group>-<dimension>}, so that
 * Resilience4j's metrics and endpoints show it like any other limiter and a user's
 * {@code resilience4j.ratelimiter.instances.<name>.*} can set its rate, burst and timeout.
 * <p>
 * Why not Resilience4j's {@code AtomicRateLimiter} itself: it refills in fixed cycles (so a cycle
 * boundary lets twice the allowance through at once, which the API's continuously refilled
 * bucket answers with 429), and it cannot give permits back, while every reservation here settles
 * to what the answer really used.
 */
final class BucketRateLimiter implements RateLimiter {

	private final String name;

	private final GroupLimiter group;

	private final Dimension dimension;

	private final Events events = new Events();

	private volatile Duration timeout;

	BucketRateLimiter(String name, GroupLimiter group, Dimension dimension) {
		this.name = name;
		this.group = group;
		this.dimension = dimension;
		this.timeout = group.limits().maxWait();
	}

	private Bucket bucket() {
		return this.group.localLimits().bucket(this.dimension);
	}

	@Override
	public void changeTimeoutDuration(Duration timeoutDuration) {
		this.timeout = timeoutDuration;
	}

	@Override
	public void changeLimitForPeriod(int limitForPeriod) {
		throw new UnsupportedOperationException("Set claude.limits.* to change a Claude limit");
	}

	// Resilience4j's blocking API, for callers using it directly; the starter's own calls never park
	@Override
	public boolean acquirePermission(int permits) {
		long deadline = EpochNanos.plus(this.group.nanos(), EpochNanos.of(this.timeout));
		while (true) {
			Decision decision = this.group.reserveLocally(amounts(permits));
			if (decision.outcome() == Outcome.GRANTED) {
				publish(new RateLimiterOnSuccessEvent(this.name, permits));
				return true;
			}
			long now = this.group.nanos();
			if (EpochNanos.plus(now, decision.waitNanos()) > deadline) {
				publish(new RateLimiterOnFailureEvent(this.name, permits));
				return false;
			}
			LockSupport.parkNanos(decision.waitNanos());
		}
	}

	@Override
	public long reservePermission(int permits) {
		Decision decision = this.group.reserveLocally(amounts(permits));
		if (decision.outcome() == Outcome.GRANTED) {
			publish(new RateLimiterOnSuccessEvent(this.name, permits));
			return 0;
		}
		// capacity is never reserved ahead here: the caller asks again
		publish(new RateLimiterOnFailureEvent(this.name, permits));
		return -1;
	}

	private Amounts amounts(int permits) {
		return switch (this.dimension) {
			case REQUESTS -> new Amounts(permits, 0, 0);
			case INPUT_TOKENS -> new Amounts(0, permits, 0);
			case OUTPUT_TOKENS -> new Amounts(0, 0, permits);
		};
	}

	@Override
	public void drainPermissions() {
		double level = level();
		if (level > 0) {
			this.group.takeLocally(amounts((int) Math.min(Integer.MAX_VALUE, Math.ceil(level))));
		}
		publish(new RateLimiterOnDrainedEvent(this.name, (int) Math.max(0, Math.min(Integer.MAX_VALUE, level))));
	}

	private double level() {
		double level = this.group.clientLevels().level(this.dimension);
		return Double.isNaN(level) ? 0 : level;
	}

	private void publish(RateLimiterEvent event) {
		if (this.events.hasConsumers()) {
			this.events.processEvent(event);
		}
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public RateLimiterConfig getRateLimiterConfig() {
		// the closest fixed-cycle description: a full bucket's worth per time to fill it
		Bucket bucket = bucket();
		long fillNanos = (long) (bucket.capacity() / bucket.ratePerSecond() * 1e9);
		return RateLimiterConfig.custom()
			.limitForPeriod((int) Math.max(1, Math.min(Integer.MAX_VALUE, bucket.capacity())))
			.limitRefreshPeriod(Duration.ofNanos(Math.max(1, fillNanos)))
			// Resilience4j refuses a timeout beyond a long of nanoseconds
			.timeoutDuration(Duration.ofNanos(Math.max(0, EpochNanos.of(this.timeout))))
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
				// waiting calls park no thread; the name is Resilience4j's
				return BucketRateLimiter.this.group.waitingTotal();
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
		return "BucketRateLimiter{" + this.name + ", " + bucket().perMinute() + "/min}";
	}

	private static final class Events extends EventProcessor<RateLimiterEvent> implements EventPublisher {

		@Override
		public EventPublisher onSuccess(EventConsumer<RateLimiterOnSuccessEvent> consumer) {
			registerConsumer(RateLimiterOnSuccessEvent.class.getName(), consumer);
			return this;
		}

		@Override
		public EventPublisher onFailure(EventConsumer<RateLimiterOnFailureEvent> consumer) {
			registerConsumer(RateLimiterOnFailureEvent.class.getName(), consumer);
			return this;
		}

	}

}
