package dev.clauderesilience.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import reactor.core.publisher.Mono;

/**
 * Client-side pacing: per model group, buckets for requests, input tokens and output tokens per
 * minute, plus the daily token budget. {@link #acquire} reserves what a request needs and waits,
 * without parking a thread, until the buckets allow it; the returned {@link Permit} settles the
 * reservation to the answer's real usage.
 *
 * @since 0.1.0
 */
public final class ClaudeRateLimiter {

	private final Settings settings;

	private final Clock clock;

	private final RateLimiterRegistry registry;

	private final DailyTokenBudget sharedDailyBudget;

	private final Map<String, GroupLimiter> groups = new ConcurrentHashMap<>();

	/**
	 * A limiter.
	 * @param settings the limits
	 * @param clock the clock (for tests, one that follows Reactor's virtual time)
	 * @param registry the registry the buckets are registered in, or {@code null}
	 */
	public ClaudeRateLimiter(Settings settings, Clock clock, RateLimiterRegistry registry) {
		this.settings = settings;
		this.clock = clock;
		this.registry = registry;
		Long perDay = settings.defaults().tokensPerDay();
		this.sharedDailyBudget = (perDay != null) ? new DailyTokenBudget(perDay, settings.dailyResetZone(), clock) : null;
	}

	/**
	 * Reserves capacity for one request and emits a permit once the limits allow it to be sent.
	 * Fails at once, reserving nothing, with {@link RequestExceedsLimitException},
	 * {@link DailyTokenBudgetExceededException} or {@link CapacityWaitExceededException}.
	 * Cancelling while waiting gives the reservation back.
	 * @param model the model the request is for
	 * @param inputTokens the estimated input tokens
	 * @param maxTokens the request's max_tokens
	 * @return the permit
	 */
	public Mono<Permit> acquire(String model, long inputTokens, int maxTokens) {
		return Mono.defer(() -> {
			GroupLimiter group = group(model);
			long outputTokens = outputReservation(maxTokens);
			Permit permit = group.reserve(inputTokens, outputTokens);
			long waitNanos = permit.waitNanos;
			if (waitNanos == 0) {
				return Mono.just(permit);
			}
			long deadline = nanos() + this.settings.maxWait().toNanos();
			group.waiting(1);
			return waitFor(group, waitNanos, deadline).thenReturn(permit)
				.doOnError((ex) -> permit.cancel())
				.doOnCancel(permit::cancel)
				.doFinally((signal) -> group.waiting(-1));
		});
	}

	// After the reserved time, a 429 may have paused the group meanwhile: wait that out too
	private Mono<Void> waitFor(GroupLimiter group, long waitNanos, long deadline) {
		return Mono.delay(Duration.ofNanos(waitNanos)).then(Mono.defer(() -> {
			long now = nanos();
			long paused = group.pausedUntilNanos() - now;
			if (paused <= 0) {
				return Mono.empty();
			}
			if (now + paused > deadline) {
				return Mono.error(new CapacityWaitExceededException(group.name(), Duration.ofNanos(paused),
						this.settings.maxWait()));
			}
			return waitFor(group, paused, deadline);
		}));
	}

	/**
	 * Takes in what an answer's headers said about the limits of a model's group.
	 * @param model the model that answered
	 * @param snapshot the headers
	 */
	public void learn(String model, RateLimitSnapshot snapshot) {
		group(model).learn(snapshot);
	}

	/**
	 * Holds back every request of a model's group, waiting ones included, for a while: the
	 * answer to a 429's {@code retry-after}, so that callers do not each burn an attempt.
	 * @param model the model that was rate limited
	 * @param duration how long
	 */
	public void pause(String model, Duration duration) {
		group(model).pauseUntil(nanos() + duration.toNanos(), this.clock.instant());
	}

	/**
	 * The groups seen so far.
	 * @return the group limiters
	 */
	public Collection<GroupLimiter> groups() {
		return List.copyOf(this.groups.values());
	}

	/**
	 * The limiter of a model's group, created on first use.
	 * @param model a model id
	 * @return the group limiter
	 */
	public GroupLimiter group(String model) {
		return this.groups.computeIfAbsent(ModelGroups.of(model), this::newGroup);
	}

	/**
	 * The configured limits.
	 * @return the settings
	 */
	public Settings settings() {
		return this.settings;
	}

	private long outputReservation(int maxTokens) {
		return (this.settings.outputReservation() == OutputReservation.MAX_TOKENS) ? maxTokens
				: (long) Math.ceil(maxTokens * this.settings.outputEstimateFraction());
	}

	private GroupLimiter newGroup(String group) {
		LimitSettings limits = this.settings.forGroup(group);
		DailyTokenBudget daily = this.sharedDailyBudget;
		LimitSettings own = this.settings.ownForGroup(group);
		if (own != null && own.tokensPerDay() != null) {
			daily = new DailyTokenBudget(own.tokensPerDay(), this.settings.dailyResetZone(), this.clock);
		}
		return new GroupLimiter(group, bucket(group, "requests", limits.requestsPerMinute()),
				bucket(group, "input-tokens", limits.inputTokensPerMinute()),
				bucket(group, "output-tokens", limits.outputTokensPerMinute()), daily, this.settings.maxWait(), this.clock);
	}

	private TokenBucket bucket(String group, String dimension, Long perMinute) {
		String name = "claude-" + group + "-" + dimension;
		RateLimiterConfig userConfig = (this.registry != null) ? this.registry.find(name)
			.map(RateLimiter::getRateLimiterConfig)
			.orElse(null) : null;
		if (perMinute == null && userConfig == null) {
			return null;
		}
		TokenBucket bucket;
		if (userConfig != null) {
			// resilience4j.ratelimiter.instances.<name>.* set by the user: its period is the burst
			Duration period = userConfig.getLimitRefreshPeriod();
			long limitPerMinute = Math.max(1,
					(long) (userConfig.getLimitForPeriod() * (60_000_000_000d / Math.max(1, period.toNanos()))));
			bucket = new TokenBucket(name, limitPerMinute, period, userConfig.getTimeoutDuration(), this.clock);
		}
		else {
			bucket = new TokenBucket(name, perMinute, this.settings.burst(), this.settings.maxWait(), this.clock);
		}
		if (this.registry != null) {
			this.registry.rateLimiter(name, bucket.getRateLimiterConfig());
			this.registry.replace(name, bucket);
		}
		return bucket;
	}

	private long nanos() {
		return this.clock.instant().getEpochSecond() * 1_000_000_000L + this.clock.instant().getNano();
	}

	/**
	 * The limits, as configured with {@code claude.limits.*}.
	 *
	 * @param defaults the limits of every model group without its own
	 * @param models per-model (or per-group) overrides, by model id or group name
	 * @param burst how much time's worth of a limit may go at once
	 * @param maxWait how long one call may wait for capacity
	 * @param outputReservation how output tokens are reserved
	 * @param outputEstimateFraction the fraction of max_tokens reserved in
	 * {@link OutputReservation#ESTIMATE} mode
	 * @param dailyResetZone the zone whose midnight resets the daily budget
	 */
	public record Settings(LimitSettings defaults, Map<String, LimitSettings> models, Duration burst, Duration maxWait,
			OutputReservation outputReservation, double outputEstimateFraction, ZoneId dailyResetZone) {

		public Settings {
			models = Map.copyOf(models);
		}

		LimitSettings forGroup(String group) {
			LimitSettings own = ownForGroup(group);
			return (own != null) ? own.orElse(this.defaults) : this.defaults;
		}

		LimitSettings ownForGroup(String group) {
			LimitSettings exact = this.models.get(group);
			if (exact != null) {
				return exact;
			}
			return this.models.entrySet()
				.stream()
				.filter((entry) -> ModelGroups.of(entry.getKey()).equals(group))
				.map(Map.Entry::getValue)
				.findFirst()
				.orElse(null);
		}

	}

}
