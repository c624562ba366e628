package dev.clauderesilience.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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

	private final LimitStore store;

	private final double fallbackShare;

	private final Map<String, LimitStore.GroupLimits> sharedLimits = new ConcurrentHashMap<>();

	/**
	 * A limiter whose limits are this process's own.
	 * @param settings the limits
	 * @param clock the clock (for tests, one that follows Reactor's virtual time)
	 * @param registry the registry the buckets are registered in, or {@code null}
	 */
	public ClaudeRateLimiter(Settings settings, Clock clock, RateLimiterRegistry registry) {
		this(settings, clock, registry, null, 1);
	}

	/**
	 * A limiter whose limits are shared with other instances through a store. While the store
	 * cannot be reached, it paces on local buckets holding {@code fallbackShare} of each limit.
	 * @param settings the limits (of all instances together)
	 * @param clock the clock
	 * @param registry the registry the local (fallback) buckets are registered in, or {@code null}
	 * @param store the shared store, or {@code null} for local limits
	 * @param fallbackShare the share of each limit the local fallback buckets hold, in (0, 1]
	 */
	public ClaudeRateLimiter(Settings settings, Clock clock, RateLimiterRegistry registry, LimitStore store,
			double fallbackShare) {
		this.settings = settings;
		this.clock = clock;
		this.registry = registry;
		this.store = store;
		this.fallbackShare = (store != null) ? fallbackShare : 1;
		Long perDay = share(settings.defaults().tokensPerDay());
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
		if (this.store != null) {
			return acquireShared(model, inputTokens, maxTokens);
		}
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

	private Mono<Permit> acquireShared(String model, long inputTokens, int maxTokens) {
		return Mono.defer(() -> {
			GroupLimiter group = group(model);
			LimitStore.GroupLimits limits = sharedLimits(group.name());
			long outputTokens = outputReservation(maxTokens);
			checkFits(limits, inputTokens, outputTokens);
			return this.store.reserve(limits, inputTokens, outputTokens)
				.map((reservation) -> sharedPermit(group, limits, reservation, inputTokens, outputTokens))
				.onErrorResume(LimitStoreUnavailableException.class,
						(ex) -> Mono.fromCallable(() -> group.reserveFitting(inputTokens, outputTokens)))
				.flatMap((permit) -> {
					if (permit.waitNanos == 0) {
						return Mono.just(permit);
					}
					long deadline = nanos() + this.settings.maxWait().toNanos();
					group.waiting(1);
					return waitShared(group, limits, permit.waitNanos, deadline).thenReturn(permit)
						.doOnError((ex) -> permit.cancel())
						.doOnCancel(permit::cancel)
						.doFinally((signal) -> group.waiting(-1));
				});
		});
	}

	private static void checkFits(LimitStore.GroupLimits limits, long input, long output) {
		if (limits.inputTokens() != null && input > limits.inputTokens().perMinute()) {
			throw new RequestExceedsLimitException("input tokens", input, limits.inputTokens().perMinute());
		}
		if (limits.outputTokens() != null && output > limits.outputTokens().perMinute()) {
			throw new RequestExceedsLimitException("output tokens (reserved from max_tokens)", output,
					limits.outputTokens().perMinute());
		}
	}

	private Permit sharedPermit(GroupLimiter group, LimitStore.GroupLimits limits, LimitStore.Reservation reservation,
			long input, long output) {
		return switch (reservation.outcome()) {
			case GRANTED -> new Permit(group, input, output, reservation.waitNanos(),
					(requests, in, out, daily) -> bestEffort(this.store.give(limits, requests, in, out, daily)));
			case DAILY_BUDGET_EXCEEDED -> {
				Instant now = this.clock.instant();
				throw new DailyTokenBudgetExceededException(limits.tokensPerDay(), reservation.dailyUsed(),
						input + output, LocalDate.ofInstant(now, limits.dailyResetZone())
							.plusDays(1)
							.atStartOfDay(limits.dailyResetZone())
							.toInstant(), now);
			}
			case WAIT_EXCEEDED -> throw new CapacityWaitExceededException(group.name(),
					Duration.ofNanos(reservation.waitNanos()), this.settings.maxWait());
		};
	}

	// the pause another instance received is only in the store; this instance's own is also local
	private Mono<Void> waitShared(GroupLimiter group, LimitStore.GroupLimits limits, long waitNanos, long deadline) {
		return Mono.delay(Duration.ofNanos(waitNanos))
			.then(this.store.pausedUntil(limits).map(EpochNanos::of).onErrorReturn(0L))
			.flatMap((sharedPause) -> {
				long now = nanos();
				long paused = Math.max(sharedPause, group.pausedUntilNanos()) - now;
				if (paused <= 0) {
					return Mono.empty();
				}
				if (now + paused > deadline) {
					return Mono.error(new CapacityWaitExceededException(group.name(), Duration.ofNanos(paused),
							this.settings.maxWait()));
				}
				return waitShared(group, limits, paused, deadline);
			});
	}

	private static void bestEffort(Mono<Void> operation) {
		// a lost settlement only leaves the shared buckets more conservative until they refill
		operation.onErrorResume((ex) -> Mono.empty()).subscribe();
	}

	private LimitStore.GroupLimits sharedLimits(String group) {
		return this.sharedLimits.computeIfAbsent(group, (name) -> {
			LimitSettings limits = this.settings.forGroup(name);
			LimitSettings own = this.settings.ownForGroup(name);
			boolean ownDaily = own != null && own.tokensPerDay() != null;
			return new LimitStore.GroupLimits(name, sharedBucket(limits.requestsPerMinute()),
					sharedBucket(limits.inputTokensPerMinute()), sharedBucket(limits.outputTokensPerMinute()),
					ownDaily ? name : "all", limits.tokensPerDay(), this.settings.dailyResetZone(), this.settings.maxWait());
		});
	}

	private LimitStore.Bucket sharedBucket(Long perMinute) {
		if (perMinute == null) {
			return null;
		}
		// the same allowance as a local TokenBucket's
		return new LimitStore.Bucket(perMinute, Math.max(1d, perMinute / 60d * this.settings.burst().toNanos() / 1e9));
	}

	/**
	 * Why the limits are not what they are configured to be: the shared store cannot be reached
	 * and this instance paces on its local share.
	 * @return the reason, empty when the limits are local by configuration or shared as meant
	 */
	public Optional<String> degradedReason() {
		if (this.store == null || this.store.isAvailable()) {
			return Optional.empty();
		}
		String share = String.format(Locale.ROOT, "%.2f", this.fallbackShare).replaceAll("0+$", "").replaceAll("\\.$", "");
		return Optional.of(this.store.name() + " unavailable: limits are local with a " + share + " share");
	}

	/**
	 * Takes in what an answer's headers said about the limits of a model's group.
	 * @param model the model that answered
	 * @param snapshot the headers
	 */
	public void learn(String model, RateLimitSnapshot snapshot) {
		GroupLimiter group = group(model);
		group.learn(snapshot);
		if (this.store != null && snapshot != null && snapshot != RateLimitSnapshot.EMPTY) {
			bestEffort(this.store.learn(sharedLimits(group.name()), snapshot));
		}
	}

	/**
	 * Holds back every request of a model's group, waiting ones included, for a while: the
	 * answer to a 429's {@code retry-after}, so that callers do not each burn an attempt.
	 * @param model the model that was rate limited
	 * @param duration how long
	 */
	public void pause(String model, Duration duration) {
		GroupLimiter group = group(model);
		group.pauseUntil(nanos() + duration.toNanos(), this.clock.instant());
		if (this.store != null) {
			bestEffort(this.store.pause(sharedLimits(group.name()), this.clock.instant().plus(duration)));
		}
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
			daily = new DailyTokenBudget(share(own.tokensPerDay()), this.settings.dailyResetZone(), this.clock);
		}
		return new GroupLimiter(group, bucket(group, "requests", share(limits.requestsPerMinute())),
				bucket(group, "input-tokens", share(limits.inputTokensPerMinute())),
				bucket(group, "output-tokens", share(limits.outputTokensPerMinute())), daily, this.settings.maxWait(),
				this.clock);
	}

	// with a shared store, the local buckets are the fallback: this instance's share of each limit
	private Long share(Long limit) {
		if (limit == null || this.store == null) {
			return limit;
		}
		return Math.max(1, (long) Math.floor(limit * this.fallbackShare));
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
		return EpochNanos.now(this.clock);
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
