package dev.clauderesilience.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import reactor.core.publisher.Mono;

import dev.clauderesilience.client.ClaudeApiException;
import dev.clauderesilience.client.ClaudeException;
import dev.clauderesilience.client.ClaudeRequest.Priority;
import dev.clauderesilience.client.RateLimitSnapshot;
import dev.clauderesilience.client.Usage;
import dev.clauderesilience.ratelimit.LimitStore.Amounts;
import dev.clauderesilience.ratelimit.LimitStore.Claim;
import dev.clauderesilience.ratelimit.LimitStore.Decision;
import dev.clauderesilience.ratelimit.LimitStore.Dimension;
import dev.clauderesilience.ratelimit.LimitStore.GroupLimits;
import dev.clauderesilience.ratelimit.LimitStore.Levels;
import dev.clauderesilience.ratelimit.LimitStore.Settlement;

/**
 * One model group's limits in this instance: its configured limits, its waiting calls, its
 * learned output reservation, and what the API's headers last said. Reservations go to the
 * shared store when there is one and it answers, otherwise to the local store (holding this
 * instance's share while the shared one is down).
 *
 * @since 0.1.0
 */
public final class GroupLimiter {

	private final ClaudeRateLimiter limiter;

	private final String name;

	private final GroupLimits limits;

	private final GroupLimits localLimits;

	private final AdmissionQueue queue;

	private final OutputEstimator outputEstimator = new OutputEstimator();

	private final RecentUsage recentUsage = new RecentUsage();

	private final Map<Priority, WaitStats> waits = new EnumMap<>(Priority.class);

	private final AtomicReference<RateLimitSnapshot> lastSnapshot = new AtomicReference<>(RateLimitSnapshot.EMPTY);

	private final AtomicReference<Instant> lastRateLimitedAt = new AtomicReference<>();

	private final AtomicReference<Instant> pausedUntil = new AtomicReference<>(Instant.EPOCH);

	// limits: what the group may use (in the shared store when there is one); localLimits: what the
	// local store enforces, the same without a shared store, this instance's share with one
	GroupLimiter(ClaudeRateLimiter limiter, String name, GroupLimits limits, GroupLimits localLimits) {
		this.limiter = limiter;
		this.name = name;
		this.limits = limits;
		this.localLimits = localLimits;
		this.queue = new AdmissionQueue(this);
		for (Priority priority : Priority.values()) {
			this.waits.put(priority, new WaitStats());
		}
	}

	Mono<Permit> admit(Priority lane, String tenant, Amounts amounts, int maxTokens,
			ClaudeRateLimiter.BudgetHold budgets, Duration maxWait) {
		return this.queue.admit(lane, tenant, amounts, maxTokens, budgets, maxWait);
	}

	long outputReservation(int maxTokens) {
		ClaudeRateLimiter.Settings settings = this.limiter.settings();
		return this.outputEstimator.reservation(settings.outputReservation(), settings.outputEstimateFraction(),
				maxTokens);
	}

	// one claim to the shared store, when one is configured (reserveAtOnce said null), or the local
	// one while it is down
	Mono<Reservation> reserveShared(Claim claim) {
		LimitStore shared = this.limiter.sharedStore();
		return shared.reserve(this.limits, claim)
			.map((decision) -> {
				this.outputEstimator.adopt(decision.outputEstimate());
				return new Reservation(decision, new Permit.Grant(shared, this.limits));
			})
			.onErrorResume(LimitStoreUnavailableException.class, (ex) -> Mono.just(reserveLocally(claim)));
	}

	// one claim decided here and now, without a Mono, when no shared store is configured (the
	// common case, on every call's path); null when the shared store must be asked (reserveShared)
	Reservation reserveAtOnce(Claim claim) {
		return (this.limiter.sharedStore() == null) ? reserveLocally(claim) : null;
	}

	private Reservation reserveLocally(Claim claim) {
		LocalLimitStore local = this.limiter.localStore();
		return new Reservation(local.reserveNow(this.localLimits, claim.amounts()),
				new Permit.Grant(local, this.localLimits));
	}

	// how long a call must wait at least, behind what is ahead of it, whatever comes back
	long certainWait(Amounts ahead, Amounts amounts) {
		if (sharesCapacity()) {
			// other instances' calls are not known here: only the pause is certain
			return Math.max(0, EpochNanos.of(this.pausedUntil.get()) - nanos());
		}
		return this.limiter.localStore().certainWait(this.localLimits, ahead, amounts);
	}

	// whether a shared store is configured, up or down
	boolean hasSharedStore() {
		return this.limiter.sharedStore() != null;
	}

	// whether other instances take and give back capacity this instance does not see
	boolean sharesCapacity() {
		LimitStore shared = this.limiter.sharedStore();
		return shared != null && shared.isAvailable();
	}

	// Resilience4j's API on the local buckets, outside the queue
	Decision reserveLocally(Amounts amounts) {
		return this.limiter.localStore().reserveNow(this.localLimits, amounts);
	}

	void takeLocally(Amounts amounts) {
		this.limiter.localStore().settleNow(this.localLimits, new Settlement(Amounts.NONE, amounts, -1));
	}

	int waitingTotal() {
		int total = 0;
		for (Priority lane : Priority.values()) {
			total += this.queue.waitingIn(lane);
		}
		return total;
	}

	void settle(Permit permit, Amounts used, long answeredOutputTokens) {
		Permit.Grant grant = permit.grant();
		Settlement settlement = new Settlement(permit.reserved(), used, answeredOutputTokens);
		if (answeredOutputTokens >= 0) {
			this.outputEstimator.record(answeredOutputTokens);
		}
		this.limiter.tenantUsed(permit.tenant(), used);
		this.recentUsage.record(this.limiter.clock().instant().getEpochSecond(), used);
		this.limiter.adjustBudgets(permit.budgets(), used.tokens() - permit.budgets().tokens());
		if (grant.store() instanceof LocalLimitStore local) {
			local.settleNow(grant.limits(), settlement);
			this.queue.drain();
		}
		else {
			ClaudeRateLimiter.bestEffort(grant.store().settle(grant.limits(), settlement), this.queue::drain);
		}
	}

	void failed(Permit permit, Throwable failure, Usage spent) {
		// the API does not count a request it failed to serve (5xx, 529), nor one never sent
		boolean counted = !this.limiter.classifier().classify(failure).requestRefunded();
		settle(permit, new Amounts(counted ? 1 : 0, spent.rateLimitedInputTokens(), spent.outputTokens()), -1);
		if (failure instanceof ClaudeException ex) {
			learn(ex.rateLimits());
			if (ex instanceof ClaudeApiException.RateLimited rateLimited) {
				// the server's pause holds for everyone calling this group, not just this caller
				rateLimited.retryAfter().ifPresent(this::pause);
			}
		}
	}

	void learn(RateLimitSnapshot snapshot) {
		if (snapshot == null || snapshot == RateLimitSnapshot.EMPTY) {
			return;
		}
		RateLimitSnapshot bounded = snapshot.withResetsBoundedBy(this.limiter.clock().instant(), Duration.ofMinutes(1));
		this.lastSnapshot.set(bounded);
		this.limiter.localStore().learnNow(this.localLimits, bounded);
		LimitStore shared = this.limiter.sharedStore();
		if (shared != null) {
			ClaudeRateLimiter.bestEffort(shared.learn(this.limits, bounded), null);
		}
	}

	/**
	 * Holds back every call of the group, waiting ones included, for a while (at most
	 * {@code claude.limits.max-pause}): the answer to a 429's {@code retry-after}, so that callers
	 * do not each burn an attempt.
	 * @param duration how long
	 */
	void pause(Duration duration) {
		Duration bounded = (duration.compareTo(this.limiter.settings().maxPause()) > 0) ? this.limiter.settings().maxPause()
				: duration;
		Instant now = this.limiter.clock().instant();
		Instant until = now.plus(bounded);
		this.lastRateLimitedAt.set(now);
		this.pausedUntil.accumulateAndGet(until, (a, b) -> a.isAfter(b) ? a : b);
		this.limiter.localStore().pauseNow(this.localLimits, until);
		LimitStore shared = this.limiter.sharedStore();
		if (shared != null) {
			ClaudeRateLimiter.bestEffort(shared.pause(this.limits, until), this.queue::drain);
		}
		this.queue.drain();
	}

	void gaveUp(ClaudeRateLimiter.BudgetHold budgets) {
		this.limiter.adjustBudgets(budgets, -budgets.tokens());
	}

	void waited(Priority lane, long nanos) {
		this.waits.get(lane).record(nanos);
	}

	// the limiter forgot this group: calls still waiting in it are told so
	void close() {
		this.queue.rejectAll();
	}

	long nanos() {
		return EpochNanos.now(this.limiter.clock());
	}

	GroupLimits limits() {
		return this.limits;
	}

	GroupLimits localLimits() {
		return this.localLimits;
	}

	/**
	 * The group's name.
	 * @return {@code opus}, {@code sonnet}, {@code haiku} or {@code other}
	 */
	public String name() {
		return this.name;
	}

	/**
	 * The configured limit per minute of a dimension (after any Resilience4j override).
	 * @param dimension the dimension
	 * @return the limit, or {@code null} when not limited
	 */
	public Long configuredPerMinute(Dimension dimension) {
		LimitStore.Bucket bucket = this.limits.bucket(dimension);
		return (bucket != null) ? bucket.perMinute() : null;
	}

	/**
	 * What calls of this group used in this instance over the last minute (answers settled).
	 * @param dimension the dimension
	 * @return requests, or input or output tokens
	 */
	public long usedLastMinute(Dimension dimension) {
		return this.recentUsage.lastMinute(this.limiter.clock().instant().getEpochSecond()).get(dimension);
	}

	/**
	 * What the client's own limits hold now, as the store that paces this instance knows it.
	 * @return the levels
	 */
	public Levels clientLevels() {
		LimitStore shared = this.limiter.sharedStore();
		if (shared != null && shared.isAvailable()) {
			return shared.levels(this.limits);
		}
		return this.limiter.localStore().levels(this.localLimits);
	}

	/**
	 * The calls waiting for capacity in a lane, in this instance.
	 * @param lane the lane
	 * @return the count
	 */
	public int waiting(Priority lane) {
		return this.queue.waitingIn(lane);
	}

	/**
	 * The 95th percentile of the recent waits for capacity in a lane.
	 * @param lane the lane
	 * @return the wait
	 */
	public Duration waitP95(Priority lane) {
		return this.waits.get(lane).p95();
	}

	/**
	 * The learned output reservation ({@code output-reservation: adaptive}).
	 * @return the output tokens reserved per request, or -1 before the group has history
	 */
	public long learnedOutputReservation() {
		return this.outputEstimator.estimate();
	}

	/**
	 * When a 429 last paused the group.
	 * @return the time, or {@code null}
	 */
	public Instant lastRateLimitedAt() {
		return this.lastRateLimitedAt.get();
	}

	/**
	 * Until when a 429 holds the group back.
	 * @return the end of the pause, in the past when not paused
	 */
	public Instant pausedUntil() {
		return this.pausedUntil.get();
	}

	/**
	 * The latest rate-limit headers received for the group, resets bounded to a minute ahead.
	 * @return the snapshot, {@link RateLimitSnapshot#EMPTY} before the first answer
	 */
	public RateLimitSnapshot lastSnapshot() {
		return this.lastSnapshot.get();
	}

	/**
	 * The daily budget that covers this group, if any.
	 * @return the budget's limit, use today and reset time, or {@code null} when not limited
	 */
	public ClaudeRateLimiter.BudgetReading dailyBudget() {
		return this.limiter.dailyBudget(this.name);
	}

	/**
	 * A store's decision with the store (and limits) that made it.
	 */
	record Reservation(Decision decision, Permit.Grant grant) {
	}

}
