package dev.clauderesilience.ratelimit;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import reactor.core.publisher.Mono;

import dev.clauderesilience.client.RateLimitSnapshot;

/**
 * The limits kept in this process: per group one immutable state of its three continuously
 * refilled buckets and its pause, swapped atomically, so that a reservation over all three is
 * all or nothing without a lock. Buckets go into debt: a claim may go once every bucket holds
 * its amount (or, for an amount above the burst allowance, is full), and then each drops by the
 * whole amount, so a large request borrows ahead and later ones wait.
 * <p>
 * Daily budgets live here too; tenants' budgets are kept for at most a bounded number of tenants
 * (the least recently used ones are forgotten first).
 */
final class LocalLimitStore implements LimitStore {

	// values() copies the array on each call, and this store runs on every admission and answer
	private static final Dimension[] DIMENSIONS = Dimension.values();

	private static final double NANOS_PER_SECOND = 1_000_000_000d;

	private final Clock clock;

	private final int maxTenantBudgets;

	private final Map<String, Group> groups = new ConcurrentHashMap<>();

	private final Map<String, DailyTokenBudget> budgets = new ConcurrentHashMap<>();

	// access-ordered: the tenant budget used longest ago is forgotten first when the cap is reached
	private final Map<String, DailyTokenBudget> tenantBudgets;

	LocalLimitStore(Clock clock, int maxTenantBudgets) {
		this.clock = clock;
		this.maxTenantBudgets = maxTenantBudgets;
		this.tenantBudgets = new LinkedHashMap<>(16, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, DailyTokenBudget> eldest) {
				return size() > LocalLimitStore.this.maxTenantBudgets;
			}

		};
	}

	@Override
	public Mono<Decision> reserve(GroupLimits limits, Claim claim) {
		return Mono.just(reserveNow(limits, claim.amounts()));
	}

	Decision reserveNow(GroupLimits limits, Amounts amounts) {
		Group group = group(limits);
		long now = EpochNanos.now(this.clock);
		while (true) {
			State current = group.state.get();
			State refilled = current.refilled(limits, now);
			long wait = Math.max(0, refilled.pausedUntilNanos - now);
			for (Dimension dimension : DIMENSIONS) {
				Bucket bucket = limits.bucket(dimension);
				if (bucket == null) {
					continue;
				}
				Level level = refilled.level(dimension);
				double needed = Math.min(amounts.get(dimension), bucket.capacity());
				if (level.level < needed) {
					wait = Math.max(wait, nanos((needed - level.level) / level.rate(bucket, now)));
				}
			}
			if (wait > 0) {
				return new Decision(Outcome.WAIT, wait, certainWait(group, refilled, limits, Amounts.NONE, amounts, now),
						-1);
			}
			if (group.state.compareAndSet(current, refilled.take(amounts))) {
				for (Dimension dimension : DIMENSIONS) {
					group.inFlight[dimension.ordinal()].add(amounts.get(dimension));
				}
				return Decision.GRANTED;
			}
		}
	}

	/**
	 * The least time a claim must wait behind what is ahead of it, whatever comes back: a pause,
	 * and the refill of what it needs beyond the level and beyond what could come back. Requests
	 * ahead of it count in full (a request that was sent counts whatever happens); tokens do not
	 * (the calls ahead may give back nearly all they reserve).
	 */
	long certainWait(GroupLimits limits, Amounts ahead, Amounts amounts) {
		Group group = group(limits);
		long now = EpochNanos.now(this.clock);
		return certainWait(group, group.state.get().refilled(limits, now), limits, ahead, amounts, now);
	}

	private static long certainWait(Group group, State state, GroupLimits limits, Amounts ahead, Amounts amounts,
			long now) {
		long certain = Math.max(0, state.pausedUntilNanos - now);
		for (Dimension dimension : DIMENSIONS) {
			Bucket bucket = limits.bucket(dimension);
			if (bucket == null) {
				continue;
			}
			Level level = state.level(dimension);
			// a request sent counts whatever happens; tokens, in flight or reserved by the calls ahead
			// when their turn comes, may all come back
			boolean requests = dimension == Dimension.REQUESTS;
			double back = requests ? 0 : group.inFlight[dimension.ordinal()].sum();
			double missing = (requests ? ahead.get(dimension) : 0) + Math.min(amounts.get(dimension), bucket.capacity())
					- level.level - back;
			if (missing > 0) {
				certain = Math.max(certain, nanos(missing / level.rate(bucket, now)));
			}
		}
		return certain;
	}

	void reset() {
		this.groups.clear();
		this.budgets.clear();
		synchronized (this.tenantBudgets) {
			this.tenantBudgets.clear();
		}
	}

	// a group's state starts when the group does, not at its first call
	void open(GroupLimits limits) {
		group(limits);
	}

	@Override
	public Mono<Void> settle(GroupLimits limits, Settlement settlement) {
		return Mono.fromRunnable(() -> settleNow(limits, settlement));
	}

	void settleNow(GroupLimits limits, Settlement settlement) {
		Group group = group(limits);
		long now = EpochNanos.now(this.clock);
		group.state.updateAndGet((current) -> current.refilled(limits, now).give(limits, settlement));
		for (Dimension dimension : DIMENSIONS) {
			group.inFlight[dimension.ordinal()].add(-settlement.reserved().get(dimension));
		}
	}

	@Override
	public Mono<Void> learn(GroupLimits limits, RateLimitSnapshot snapshot) {
		return Mono.fromRunnable(() -> learnNow(limits, snapshot));
	}

	void learnNow(GroupLimits limits, RateLimitSnapshot snapshot) {
		long now = EpochNanos.now(this.clock);
		group(limits).state.updateAndGet((current) -> current.refilled(limits, now).learn(limits, snapshot, now));
	}

	@Override
	public Mono<Void> pause(GroupLimits limits, Instant until) {
		return Mono.fromRunnable(() -> pauseNow(limits, until));
	}

	void pauseNow(GroupLimits limits, Instant until) {
		long untilNanos = EpochNanos.of(until);
		group(limits).state.updateAndGet((current) -> (untilNanos > current.pausedUntilNanos)
				? new State(current.requests, current.inputTokens, current.outputTokens, untilNanos) : current);
	}

	@Override
	public Mono<BudgetRefusal> reserveBudgets(List<Budget> budgets, long tokens) {
		return Mono.just(reserveBudgetsNow(budgets, tokens));
	}

	BudgetRefusal reserveBudgetsNow(List<Budget> budgets, long tokens) {
		for (int i = 0; i < budgets.size(); i++) {
			DailyTokenBudget budget = budget(budgets.get(i));
			long used = budget.tryReserve(tokens);
			if (used >= 0) {
				for (int j = 0; j < i; j++) {
					budget(budgets.get(j)).adjust(-tokens);
				}
				return new BudgetRefusal(budgets.get(i), used);
			}
		}
		return BudgetRefusal.NONE;
	}

	@Override
	public Mono<Void> adjustBudgets(List<Budget> budgets, long delta) {
		return Mono.fromRunnable(() -> adjustBudgetsNow(budgets, delta));
	}

	void adjustBudgetsNow(List<Budget> budgets, long delta) {
		if (delta != 0) {
			budgets.forEach((budget) -> budget(budget).adjust(delta));
		}
	}

	@Override
	public Long budgetUsed(Budget budget) {
		return budget(budget).used();
	}

	@Override
	public Levels levels(GroupLimits limits) {
		long now = EpochNanos.now(this.clock);
		State state = group(limits).state.get().refilled(limits, now);
		return new Levels(level(limits, state, Dimension.REQUESTS), level(limits, state, Dimension.INPUT_TOKENS),
				level(limits, state, Dimension.OUTPUT_TOKENS), EpochNanos.toInstant(state.pausedUntilNanos));
	}

	private static double level(GroupLimits limits, State state, Dimension dimension) {
		return (limits.bucket(dimension) != null) ? state.level(dimension).level : Double.NaN;
	}

	@Override
	public boolean isAvailable() {
		return true;
	}

	@Override
	public String name() {
		return "local";
	}

	private Group group(GroupLimits limits) {
		return this.groups.computeIfAbsent(limits.group(),
				(name) -> new Group(State.initial(limits, EpochNanos.now(this.clock))));
	}

	private DailyTokenBudget budget(Budget budget) {
		if (!budget.isTenant()) {
			return this.budgets.computeIfAbsent(budget.scope(),
					(scope) -> new DailyTokenBudget(budget.tokensPerDay(), budget.zone(), this.clock));
		}
		synchronized (this.tenantBudgets) {
			return this.tenantBudgets.computeIfAbsent(budget.scope(),
					(scope) -> new DailyTokenBudget(budget.tokensPerDay(), budget.zone(), this.clock));
		}
	}

	private static long nanos(double seconds) {
		double nanos = Math.ceil(seconds * NANOS_PER_SECOND);
		return (nanos >= Long.MAX_VALUE) ? Long.MAX_VALUE : (long) nanos;
	}

	private static final class Group {

		final AtomicReference<State> state;

		// reserved and not yet settled, per dimension: the most that could still come back
		final LongAdder[] inFlight = { new LongAdder(), new LongAdder(), new LongAdder() };

		Group(State initial) {
			this.state = new AtomicReference<>(initial);
		}

	}

	/**
	 * One bucket: its level (negative when reservations borrowed ahead), when it was last
	 * brought up to date, and a lower refill rate the API's headers taught, with its end.
	 */
	record Level(double level, long updatedNanos, double learnedRate, long learnedUntilNanos) {

		double rate(Bucket bucket, long now) {
			return (now < this.learnedUntilNanos) ? Math.min(bucket.ratePerSecond(), this.learnedRate)
					: bucket.ratePerSecond();
		}

		Level refilled(Bucket bucket, long now) {
			long elapsed = now - this.updatedNanos;
			if (bucket == null || elapsed <= 0) {
				return this;
			}
			double level = Math.min(bucket.capacity(), this.level + rate(bucket, now) * elapsed / NANOS_PER_SECOND);
			return new Level(level, now, this.learnedRate, this.learnedUntilNanos);
		}

		Level plus(Bucket bucket, double delta) {
			if (bucket == null || delta == 0) {
				return this;
			}
			return new Level(Math.min(bucket.capacity(), this.level + delta), this.updatedNanos, this.learnedRate,
					this.learnedUntilNanos);
		}

		Level learn(Bucket bucket, RateLimitSnapshot.Limit limit, long now) {
			if (bucket == null || !limit.isKnown()) {
				return this;
			}
			Level next = this;
			if (limit.remaining() != null && limit.remaining() < next.level) {
				next = new Level(Math.max(0, limit.remaining()), next.updatedNanos, next.learnedRate,
						next.learnedUntilNanos);
			}
			if (limit.limit() != null && limit.limit() > 0 && limit.limit() < bucket.perMinute()) {
				// a lower limit than configured holds until the API's reset, at least for a minute
				long minute = 60 * (long) NANOS_PER_SECOND;
				long until = (limit.reset() != null) ? Math.max(EpochNanos.of(limit.reset()), EpochNanos.plus(now, minute))
						: EpochNanos.plus(now, minute);
				next = new Level(next.level, next.updatedNanos, limit.limit() / 60d, until);
			}
			return next;
		}

	}

	/**
	 * A group's buckets and pause, swapped as one value.
	 */
	record State(Level requests, Level inputTokens, Level outputTokens, long pausedUntilNanos) {

		// half full at first: a process's first requests pay for connection set-up, so they reach
		// the API later than they left and bunch up there with the ones paced after them
		static State initial(GroupLimits limits, long now) {
			return new State(initialLevel(limits.requests(), now), initialLevel(limits.inputTokens(), now),
					initialLevel(limits.outputTokens(), now), 0);
		}

		private static Level initialLevel(Bucket bucket, long now) {
			return new Level((bucket != null) ? Math.max(1d, bucket.capacity() / 2) : 0, now, 0, Long.MIN_VALUE);
		}

		Level level(Dimension dimension) {
			return switch (dimension) {
				case REQUESTS -> this.requests;
				case INPUT_TOKENS -> this.inputTokens;
				case OUTPUT_TOKENS -> this.outputTokens;
			};
		}

		State refilled(GroupLimits limits, long now) {
			return new State(this.requests.refilled(limits.requests(), now),
					this.inputTokens.refilled(limits.inputTokens(), now),
					this.outputTokens.refilled(limits.outputTokens(), now), this.pausedUntilNanos);
		}

		State take(Amounts amounts) {
			return new State(minus(this.requests, amounts.requests()), minus(this.inputTokens, amounts.inputTokens()),
					minus(this.outputTokens, amounts.outputTokens()), this.pausedUntilNanos);
		}

		private static Level minus(Level level, long amount) {
			return new Level(level.level - amount, level.updatedNanos, level.learnedRate, level.learnedUntilNanos);
		}

		State give(GroupLimits limits, Settlement settlement) {
			return new State(this.requests.plus(limits.requests(), settlement.givenBack(Dimension.REQUESTS)),
					this.inputTokens.plus(limits.inputTokens(), settlement.givenBack(Dimension.INPUT_TOKENS)),
					this.outputTokens.plus(limits.outputTokens(), settlement.givenBack(Dimension.OUTPUT_TOKENS)),
					this.pausedUntilNanos);
		}

		State learn(GroupLimits limits, RateLimitSnapshot snapshot, long now) {
			return new State(this.requests.learn(limits.requests(), snapshot.requests(), now),
					this.inputTokens.learn(limits.inputTokens(), snapshot.inputTokens(), now),
					this.outputTokens.learn(limits.outputTokens(), snapshot.outputTokens(), now),
					this.pausedUntilNanos);
		}

	}

}
