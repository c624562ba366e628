package dev.clauderesilience.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import reactor.core.publisher.Mono;

import dev.clauderesilience.client.ClaudeFailureClassifier;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeRequest.Priority;
import dev.clauderesilience.ratelimit.LimitStore.Amounts;
import dev.clauderesilience.ratelimit.LimitStore.Budget;
import dev.clauderesilience.ratelimit.LimitStore.BudgetRefusal;
import dev.clauderesilience.ratelimit.LimitStore.Bucket;
import dev.clauderesilience.ratelimit.LimitStore.Dimension;
import dev.clauderesilience.ratelimit.LimitStore.GroupLimits;

/**
 * Client-side pacing: per model group, buckets for requests, input and output tokens per
 * minute, daily token budgets (overall, per group, per tenant), and the calls waiting for
 * capacity in lanes and tenants' turns. {@link #acquire} reserves what a request needs and
 * emits a {@link Permit} once it may be sent, without parking a thread; the permit closes the
 * books when the answer (or the failure) arrives.
 * <p>
 * The limits live in a {@link LimitStore}: this process's own, or one shared by every instance;
 * while a shared store cannot be reached, this instance paces on a local share of each limit.
 *
 * @since 0.1.0
 */
public final class ClaudeRateLimiter {

	/** The tenant of calls that name none. */
	public static final String DEFAULT_TENANT = "default";

	private static final String ALL = "all";

	private final Settings settings;

	// each group's own limits, worked out once (the settings never change): every admission asks
	private final Map<String, Optional<LimitSettings>> ownLimits;

	private final Clock clock;

	private final RateLimiterRegistry registry;

	private final LocalLimitStore local;

	private final LimitStore shared;

	private final double fallbackShare;

	private final Map<String, GroupLimiter> groups = new ConcurrentHashMap<>();

	private final TenantLedger tenants;

	private final ClaudeFailureClassifier classifier;

	/**
	 * A limiter whose limits are this process's own.
	 * @param settings the limits
	 * @param clock the clock (for tests, one that follows Reactor's virtual time)
	 * @param registry the registry the buckets are shown in, or {@code null}
	 */
	public ClaudeRateLimiter(Settings settings, Clock clock, RateLimiterRegistry registry) {
		this(settings, clock, registry, null, 1);
	}

	/**
	 * A limiter whose limits are shared with other instances through a store. While the store
	 * cannot be reached, it paces on local buckets holding {@code fallbackShare} of each limit.
	 * @param settings the limits (of all instances together)
	 * @param clock the clock
	 * @param registry the registry the local buckets are shown in, or {@code null}
	 * @param store the shared store, or {@code null} for local limits
	 * @param fallbackShare the share of each limit the local fallback holds, in (0, 1]
	 */
	public ClaudeRateLimiter(Settings settings, Clock clock, RateLimiterRegistry registry, LimitStore store,
			double fallbackShare) {
		this(settings, clock, registry, store, fallbackShare, ClaudeFailureClassifier.DEFAULT);
	}

	/**
	 * A limiter whose limits may be shared with other instances through a store.
	 * @param settings the limits (of all instances together)
	 * @param clock the clock
	 * @param registry the registry the local buckets are shown in, or {@code null}
	 * @param store the shared store, or {@code null} for local limits
	 * @param fallbackShare the share of each limit the local fallback holds, in (0, 1]
	 * @param classifier which failed requests the API did not count
	 */
	public ClaudeRateLimiter(Settings settings, Clock clock, RateLimiterRegistry registry, LimitStore store,
			double fallbackShare, ClaudeFailureClassifier classifier) {
		this.classifier = classifier;
		this.settings = settings;
		this.ownLimits = ModelGroups.ALL.stream()
			.collect(Collectors.toUnmodifiableMap((group) -> group,
					(group) -> Optional.ofNullable(settings.ownForGroup(group))));
		this.clock = clock;
		this.registry = registry;
		this.shared = store;
		this.fallbackShare = (store != null) ? fallbackShare : 1;
		this.local = new LocalLimitStore(clock, settings.tenants().maxTracked());
		this.tenants = new TenantLedger(settings.tenants().maxTracked(), settings.dailyResetZone(), clock);
	}

	/**
	 * Reserves capacity for one request and emits a permit once the limits allow it to be sent.
	 * Fails at once, reserving nothing, with {@link RequestExceedsLimitException},
	 * {@link DailyTokenBudgetExceededException} or {@link TenantBudgetExceededException}; with
	 * {@link CapacityWaitExceededException} when it could not be admitted within its lane's
	 * max-wait (at once only when nothing could make it in time, such as a pause). Cancelling while
	 * waiting gives the reservation back.
	 * @param request the request, defaults applied (its model, max_tokens, priority and tenant count)
	 * @param inputTokens the estimated input tokens
	 * @return the permit
	 */
	public Mono<Permit> acquire(ClaudeRequest request, long inputTokens) {
		return Mono.defer(() -> {
			GroupLimiter group = group(request.model());
			int maxTokens = (request.maxTokens() != null) ? request.maxTokens() : 1;
			long output = group.outputReservation(maxTokens);
			Amounts amounts = new Amounts(1, inputTokens, output);
			checkFits(group.limits(), amounts);
			Priority lane = request.priority();
			String tenant = (request.tenant() != null) ? request.tenant() : DEFAULT_TENANT;
			Duration maxWait = (lane == Priority.BATCH) ? this.settings.lanes().batchMaxWait() : this.settings.maxWait();
			List<Budget> budgets = budgets(group.name(), request.tenant());
			if (budgets.isEmpty()) {
				return group.admit(lane, tenant, amounts, maxTokens, BudgetHold.NONE, maxWait);
			}
			return reserveBudgets(budgets, amounts.tokens())
				.flatMap((hold) -> group.admit(lane, tenant, amounts, maxTokens, hold, maxWait));
		});
	}

	private static void checkFits(GroupLimits limits, Amounts amounts) {
		if (limits.inputTokens() != null && amounts.inputTokens() > limits.inputTokens().perMinute()) {
			throw new RequestExceedsLimitException("input tokens", "messages", amounts.inputTokens(),
					limits.inputTokens().perMinute());
		}
		if (limits.outputTokens() != null && amounts.outputTokens() > limits.outputTokens().perMinute()) {
			throw new RequestExceedsLimitException("output tokens (reserved from max_tokens)", "max_tokens",
					amounts.outputTokens(), limits.outputTokens().perMinute());
		}
	}

	// the budgets a request counts against: the daily budget of its group (or of all groups),
	// and its tenant's
	private List<Budget> budgets(String group, String tenant) {
		List<Budget> budgets = new ArrayList<>(2);
		Optional<LimitSettings> known = this.ownLimits.get(group);
		LimitSettings own = (known != null) ? known.orElse(null) : this.settings.ownForGroup(group);
		if (own != null && own.tokensPerDay() != null) {
			budgets.add(new Budget("group:" + group, own.tokensPerDay(), this.settings.dailyResetZone()));
		}
		else if (this.settings.defaults().tokensPerDay() != null) {
			budgets.add(new Budget(ALL, this.settings.defaults().tokensPerDay(), this.settings.dailyResetZone()));
		}
		Long tenantLimit = this.settings.tenants().tokensPerDay(tenant);
		if (tenantLimit != null) {
			budgets.add(new Budget("tenant:" + tenant, tenantLimit, this.settings.dailyResetZone()));
		}
		return budgets;
	}

	private Mono<BudgetHold> reserveBudgets(List<Budget> budgets, long tokens) {
		Mono<BudgetHold> held;
		if (this.shared == null) {
			held = Mono.just(hold(this.local, budgets, tokens, this.local.reserveBudgetsNow(budgets, tokens)));
		}
		else {
			held = this.shared.reserveBudgets(budgets, tokens)
				.map((refusal) -> hold(this.shared, budgets, tokens, refusal))
				.onErrorResume(LimitStoreUnavailableException.class, (ex) -> {
					List<Budget> shares = budgets.stream()
						.map((budget) -> new Budget(budget.scope(), share(budget.tokensPerDay()), budget.zone()))
						.toList();
					return Mono.just(hold(this.local, shares, tokens, this.local.reserveBudgetsNow(shares, tokens)));
				});
		}
		return held.map((hold) -> {
			if (hold.refusal().budget() != null) {
				throw exceeded(hold.refusal(), tokens);
			}
			return hold;
		});
	}

	private static BudgetHold hold(LimitStore store, List<Budget> budgets, long tokens, BudgetRefusal refusal) {
		return new BudgetHold(store, budgets, tokens, refusal);
	}

	private RuntimeException exceeded(BudgetRefusal refusal, long tokens) {
		Budget budget = refusal.budget();
		Instant now = this.clock.instant();
		Instant resetsAt = LocalDate.ofInstant(now, budget.zone()).plusDays(1).atStartOfDay(budget.zone()).toInstant();
		if (budget.isTenant()) {
			return new TenantBudgetExceededException(budget.scope().substring("tenant:".length()),
					budget.tokensPerDay(), refusal.used(), tokens, resetsAt, now);
		}
		return new DailyTokenBudgetExceededException(budget.tokensPerDay(), refusal.used(), tokens, resetsAt, now);
	}

	void adjustBudgets(BudgetHold hold, long delta) {
		if (hold.budgets().isEmpty() || delta == 0) {
			return;
		}
		if (hold.store() == this.local) {
			this.local.adjustBudgetsNow(hold.budgets(), delta);
		}
		else {
			bestEffort(hold.store().adjustBudgets(hold.budgets(), delta), null);
		}
	}

	void tenantUsed(String tenant, Amounts used) {
		if (tenant != null && !DEFAULT_TENANT.equals(tenant)) {
			this.tenants.record(tenant, used);
		}
	}

	/**
	 * The daily budget a group counts against, as far as this instance knows.
	 * @param group the group name
	 * @return the budget's figures, or {@code null} when not limited
	 */
	BudgetReading dailyBudget(String group) {
		List<Budget> budgets = budgets(group, null);
		if (budgets.isEmpty()) {
			return null;
		}
		Budget budget = budgets.get(0);
		Long used = (this.shared != null && this.shared.isAvailable()) ? this.shared.budgetUsed(budget) : null;
		if (used == null) {
			used = this.local.budgetUsed(budget);
		}
		Instant now = this.clock.instant();
		Instant resetsAt = LocalDate.ofInstant(now, budget.zone()).plusDays(1).atStartOfDay(budget.zone()).toInstant();
		return new BudgetReading(budget.tokensPerDay(), used, resetsAt);
	}

	/**
	 * The tenants that used the most tokens today in this instance.
	 * @param limit how many
	 * @return the tenants, most used first
	 */
	public List<TenantUsage> topTenants(int limit) {
		return this.tenants.top(limit);
	}

	static void bestEffort(Mono<Void> operation, Runnable then) {
		// a lost settlement only leaves the shared buckets more conservative until they refill
		operation.onErrorResume((ex) -> Mono.empty()).doFinally((signal) -> {
			if (then != null) {
				then.run();
			}
		}).subscribe();
	}

	/**
	 * Takes in what an answer's headers said about the limits of a model's group (an answer the
	 * pipeline did not send itself; its own answers are learned through their permits).
	 * @param model the model that answered
	 * @param snapshot the headers
	 */
	public void learn(String model, dev.clauderesilience.client.RateLimitSnapshot snapshot) {
		group(model).learn(snapshot);
	}

	/**
	 * Why the limits are not what they are configured to be: the shared store cannot be reached
	 * and this instance paces on its local share.
	 * @return the reason, empty when the limits are local by configuration or shared as meant
	 */
	public Optional<String> degradedReason() {
		if (this.shared == null || this.shared.isAvailable()) {
			return Optional.empty();
		}
		String share = String.format(Locale.ROOT, "%.2f", this.fallbackShare).replaceAll("0+$", "").replaceAll("\\.$", "");
		return Optional.of(this.shared.name() + " unavailable: limits are local with a " + share + " share");
	}

	/**
	 * Forgets what the local buckets, budgets and tenants used, the learned reservations and the API's headers (a shared store keeps its state); calls still waiting are refused, as after a restart; for tests, through {@code ClaudeResilienceState.reset()}.
	 */
	public void reset() {
		List<GroupLimiter> old = List.copyOf(this.groups.values());
		this.groups.clear();
		this.local.reset();
		this.tenants.reset();
		old.forEach(GroupLimiter::close);
	}

	/**
	 * The groups seen so far.
	 * @return the group limiters
	 */
	public Collection<GroupLimiter> groups() {
		return List.copyOf(this.groups.values());
	}

	/**
	 * The limiter of a model's group, created on first use; there are at most
	 * {@link ModelGroups#ALL} groups, whatever the model names.
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

	Clock clock() {
		return this.clock;
	}

	ClaudeFailureClassifier classifier() {
		return this.classifier;
	}

	LocalLimitStore localStore() {
		return this.local;
	}

	LimitStore sharedStore() {
		return this.shared;
	}

	private GroupLimiter newGroup(String name) {
		LimitSettings limits = this.settings.forGroup(name);
		Duration maxWait = this.settings.maxWait();
		Bucket[] buckets = new Bucket[Dimension.values().length];
		Long[] perMinute = { limits.requestsPerMinute(), limits.inputTokensPerMinute(), limits.outputTokensPerMinute() };
		for (Dimension dimension : Dimension.values()) {
			RateLimiterConfig override = override(viewName(name, dimension));
			if (override != null) {
				// resilience4j.ratelimiter.instances.<name>.* set by the user: its period is the burst
				Duration period = override.getLimitRefreshPeriod();
				long overridden = Math.max(1, (long) (override.getLimitForPeriod()
						* (60_000_000_000d / Math.max(1, EpochNanos.of(period)))));
				buckets[dimension.ordinal()] = bucket(overridden, period);
				maxWait = override.getTimeoutDuration();
			}
			else if (perMinute[dimension.ordinal()] != null) {
				buckets[dimension.ordinal()] = bucket(perMinute[dimension.ordinal()], this.settings.burst());
			}
		}
		GroupLimits full = new GroupLimits(name, buckets[0], buckets[1], buckets[2],
				this.settings.lanes().batchMinShare(), maxWait);
		GroupLimits local = (this.shared == null) ? full
				: new GroupLimits(name, scaled(buckets[0]), scaled(buckets[1]), scaled(buckets[2]),
						full.batchMinShare(), maxWait);
		GroupLimiter group = new GroupLimiter(this, name, full, local);
		this.local.open(local);
		if (this.registry != null) {
			for (Dimension dimension : Dimension.values()) {
				if (local.bucket(dimension) != null) {
					BucketRateLimiter view = new BucketRateLimiter(viewName(name, dimension), group, dimension);
					this.registry.rateLimiter(view.getName(), view.getRateLimiterConfig());
					this.registry.replace(view.getName(), view);
				}
			}
		}
		return group;
	}

	private RateLimiterConfig override(String name) {
		return (this.registry != null) ? this.registry.find(name)
			.filter((limiter) -> !(limiter instanceof BucketRateLimiter))
			.map(RateLimiter::getRateLimiterConfig)
			.orElse(null) : null;
	}

	private static String viewName(String group, Dimension dimension) {
		return "claude-" + group + "-" + dimension.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	private Bucket bucket(long perMinute, Duration burst) {
		return new Bucket(perMinute, Math.max(1d, perMinute / 60d * EpochNanos.of(burst) / 1e9));
	}

	// with a shared store, the local buckets are the fallback: this instance's share of each limit
	private Bucket scaled(Bucket bucket) {
		if (bucket == null) {
			return null;
		}
		long perMinute = share(bucket.perMinute());
		return new Bucket(perMinute, Math.max(1d, bucket.capacity() * perMinute / bucket.perMinute()));
	}

	private long share(long limit) {
		return Math.max(1, (long) Math.floor(limit * this.fallbackShare));
	}

	/**
	 * Daily budgets reserved for a call (how many tokens, in which store).
	 */
	record BudgetHold(LimitStore store, List<Budget> budgets, long tokens, BudgetRefusal refusal) {

		static final BudgetHold NONE = new BudgetHold(null, List.of(), 0, BudgetRefusal.NONE);

	}

	/**
	 * A daily budget's figures.
	 *
	 * @param limit tokens per day
	 * @param used tokens used today
	 * @param resetsAt the next reset
	 * @since 0.2.0
	 */
	public record BudgetReading(long limit, long used, Instant resetsAt) {
	}

	/**
	 * A tenant's use today, in this instance.
	 *
	 * @param tenant the tenant id
	 * @param tokens input plus output tokens used today
	 * @param requests requests answered today
	 * @since 0.2.0
	 */
	public record TenantUsage(String tenant, long tokens, long requests) {
	}

	/**
	 * The limits, as configured with {@code claude.limits.*}.
	 *
	 * @param defaults the limits of every model group without its own
	 * @param models per-model (or per-group) overrides, by model id or group name
	 * @param burst how much time's worth of a limit may go at once
	 * @param maxWait how long an interactive call may wait for capacity
	 * @param maxPause the longest a server's {@code retry-after} holds a group back
	 * @param outputReservation how output tokens are reserved
	 * @param outputEstimateFraction the fraction of max_tokens reserved in
	 * {@link OutputReservation#ESTIMATE} mode
	 * @param dailyResetZone the zone whose midnight resets the daily budgets
	 * @param lanes the lanes' settings
	 * @param tenants the tenants' settings
	 */
	public record Settings(LimitSettings defaults, Map<String, LimitSettings> models, Duration burst, Duration maxWait,
			Duration maxPause, OutputReservation outputReservation, double outputEstimateFraction, ZoneId dailyResetZone,
			Lanes lanes, Tenants tenants) {

		public Settings {
			models = Map.copyOf(models);
		}

		/**
		 * Settings with these limits and every other value at its default.
		 * @param defaults the limits of every group
		 * @return the settings
		 */
		public static Settings of(LimitSettings defaults) {
			return new Settings(defaults, Map.of(), Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(60),
					OutputReservation.ADAPTIVE, 0.5, ZoneOffset.UTC, Lanes.DEFAULT, Tenants.NONE);
		}

		/**
		 * These settings with another maximum wait.
		 * @param maxWait how long an interactive call may wait for capacity
		 * @return the settings
		 */
		public Settings withMaxWait(Duration maxWait) {
			return new Settings(this.defaults, this.models, this.burst, maxWait, this.maxPause, this.outputReservation,
					this.outputEstimateFraction, this.dailyResetZone, this.lanes, this.tenants);
		}

		/**
		 * These settings with another burst allowance.
		 * @param burst how much time's worth of a limit may go at once
		 * @return the settings
		 */
		public Settings withBurst(Duration burst) {
			return new Settings(this.defaults, this.models, burst, this.maxWait, this.maxPause, this.outputReservation,
					this.outputEstimateFraction, this.dailyResetZone, this.lanes, this.tenants);
		}

		/**
		 * These settings with another output reservation.
		 * @param outputReservation how output tokens are reserved
		 * @return the settings
		 */
		public Settings withOutputReservation(OutputReservation outputReservation) {
			return new Settings(this.defaults, this.models, this.burst, this.maxWait, this.maxPause, outputReservation,
					this.outputEstimateFraction, this.dailyResetZone, this.lanes, this.tenants);
		}

		/**
		 * These settings with other lanes.
		 * @param lanes the lanes' settings
		 * @return the settings
		 */
		public Settings withLanes(Lanes lanes) {
			return new Settings(this.defaults, this.models, this.burst, this.maxWait, this.maxPause,
					this.outputReservation, this.outputEstimateFraction, this.dailyResetZone, lanes, this.tenants);
		}

		/**
		 * These settings with other tenants' settings.
		 * @param tenants the tenants' settings
		 * @return the settings
		 */
		public Settings withTenants(Tenants tenants) {
			return new Settings(this.defaults, this.models, this.burst, this.maxWait, this.maxPause,
					this.outputReservation, this.outputEstimateFraction, this.dailyResetZone, this.lanes, tenants);
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
				.sorted(Map.Entry.comparingByKey())
				.map(Map.Entry::getValue)
				.findFirst()
				.orElse(null);
		}

	}

	/**
	 * The lanes calls wait in when a limit binds.
	 *
	 * @param batchMinShare the share of admissions batch calls keep while interactive calls wait
	 * @param batchMaxWait how long a batch call may wait for capacity
	 * @since 0.2.0
	 */
	public record Lanes(double batchMinShare, Duration batchMaxWait) {

		/** A tenth for batch, which may wait five minutes. */
		public static final Lanes DEFAULT = new Lanes(0.1, Duration.ofMinutes(5));

	}

	/**
	 * Tenants' daily budgets and how many tenants are tracked.
	 *
	 * @param tokensPerDay every tenant's daily token budget, or {@code null} for none
	 * @param tokensPerDayById budgets of single tenants, overriding the one for every tenant
	 * @param maxTracked the most tenants whose budgets and use are kept (the least recently seen
	 * are forgotten first)
	 * @since 0.2.0
	 */
	public record Tenants(Long tokensPerDay, Map<String, Long> tokensPerDayById, int maxTracked) {

		/** No budgets; up to 10,000 tenants tracked. */
		public static final Tenants NONE = new Tenants(null, Map.of(), 10_000);

		public Tenants {
			tokensPerDayById = Map.copyOf(tokensPerDayById);
		}

		Long tokensPerDay(String tenant) {
			if (tenant == null) {
				return null;
			}
			Long own = this.tokensPerDayById.get(tenant);
			return (own != null) ? own : this.tokensPerDay;
		}

	}

	/**
	 * Tenants' use today, for the top tenants the {@code claude} endpoint shows; bounded like the
	 * budgets (the least recently seen tenant is forgotten first).
	 */
	static final class TenantLedger {

		private final int max;

		private final ZoneId zone;

		private final Clock clock;

		private final Map<String, long[]> usage;

		private LocalDate day;

		TenantLedger(int max, ZoneId zone, Clock clock) {
			this.max = max;
			this.zone = zone;
			this.clock = clock;
			this.usage = new LinkedHashMap<>(16, 0.75f, true) {

				@Override
				protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
					return size() > TenantLedger.this.max;
				}

			};
		}

		synchronized void record(String tenant, Amounts used) {
			rollOver();
			long[] totals = this.usage.computeIfAbsent(tenant, (key) -> new long[2]);
			totals[0] += used.tokens();
			totals[1] += used.requests();
		}

		synchronized List<TenantUsage> top(int limit) {
			rollOver();
			return this.usage.entrySet()
				.stream()
				.map((entry) -> new TenantUsage(entry.getKey(), entry.getValue()[0], entry.getValue()[1]))
				.sorted(Comparator.comparingLong(TenantUsage::tokens).reversed().thenComparing(TenantUsage::tenant))
				.limit(limit)
				.toList();
		}

		synchronized void reset() {
			this.usage.clear();
		}

		private void rollOver() {
			LocalDate today = LocalDate.ofInstant(this.clock.instant(), this.zone);
			if (!Objects.equals(today, this.day)) {
				this.usage.clear();
				this.day = today;
			}
		}

	}

}
