package dev.clauderesilience.ratelimit;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.Disposable;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

import dev.clauderesilience.client.ClaudeRequest.Priority;
import dev.clauderesilience.ratelimit.LimitStore.Amounts;
import dev.clauderesilience.ratelimit.LimitStore.Claim;
import dev.clauderesilience.ratelimit.LimitStore.Decision;
import dev.clauderesilience.ratelimit.LimitStore.Outcome;
import dev.clauderesilience.ratelimit.LimitStore.Waiting;

/**
 * The calls of one model group waiting for capacity, in this instance. One call at a time, the
 * next in line asks the store; when it does not fit yet, the queue sleeps until the store says
 * it would (one timer per group, not per call) or until capacity comes back (a settlement,
 * refund or cancellation wakes it at once), so no call keeps a wait computed before capacity
 * returned. With a shared store, other instances give capacity back too, unseen here: the queue
 * asks again at least every {@link #SHARED_RECHECK_NANOS}. A call whose max-wait has passed is
 * refused only once a claim asked after that moment has answered no. No thread is parked; a
 * waiting call costs a small object and its deadline timer.
 * <p>
 * The next in line: interactive calls before batch calls, except that batch keeps
 * {@code batchMinShare} of the admissions while both wait; within a lane, tenants take turns
 * (round robin), so one tenant's flood cannot hold another's calls behind it.
 */
final class AdmissionQueue {

	private static final int MAX_WAITING_IN_CLAIM = 32;

	// how long the queue sleeps at most on a shared store's forecast: another instance's give-back
	// reaches this instance's waiting calls within this interval (one claim per interval per group)
	static final long SHARED_RECHECK_NANOS = 100_000_000L;

	private final GroupLimiter group;

	private final Map<Priority, Lane> lanes = new EnumMap<>(Priority.class);

	private final AtomicInteger wip = new AtomicInteger();

	// guarded by this
	private boolean storeBusy;

	private boolean changedWhileBusy;

	private Disposable wake;

	private long wakeAtNanos;

	private long interactiveServed;

	private long batchServed;

	private boolean batchDeferred;

	// claims sent so far, to tell the claims asked after a call's max-wait passed
	private long claimsSent;

	// calls whose max-wait passed, refused when a claim asked since answers no
	private final List<Waiter> expired = new ArrayList<>();

	AdmissionQueue(GroupLimiter group) {
		this.group = group;
		for (Priority priority : Priority.values()) {
			this.lanes.put(priority, new Lane());
		}
	}

	/**
	 * Queues a call and admits it as soon as it fits and its turn has come.
	 * @param lane the lane
	 * @param tenant the tenant
	 * @param amounts what it needs, output as estimated now (the reservation is decided again when
	 * its turn comes, with what has been learned meanwhile)
	 * @param maxTokens the request's max_tokens
	 * @param budgets the daily budgets it reserved from (given back if it never goes)
	 * @param maxWait how long it may wait
	 * @return the permit, or an error {@link CapacityWaitExceededException}
	 */
	Mono<Permit> admit(Priority lane, String tenant, Amounts amounts, int maxTokens, ClaudeRateLimiter.BudgetHold budgets,
			Duration maxWait) {
		return Mono.create((sink) -> {
			long now = this.group.nanos();
			long maxWaitNanos = EpochNanos.of(maxWait);
			Waiter waiter = new Waiter(lane, tenant, amounts, maxTokens, budgets, now,
					EpochNanos.plus(now, maxWaitNanos), maxWait, sink);
			Amounts ahead;
			synchronized (this) {
				ahead = this.lanes.get(lane).add(waiter);
			}
			sink.onDispose(() -> gone(waiter, null));
			drain();
			if (waiter.state.get() == Waiter.WAITING) {
				// the calls of its own tenant ahead of it go first whatever happens, and what is in
				// flight gives back at most its tokens: if that cannot fit within max-wait, say so now
				long certain = this.group.certainWait(ahead, amounts);
				if (certain > maxWaitNanos) {
					reject(waiter, Duration.ofNanos(certain));
					return;
				}
				waiter.deadline = Schedulers.parallel()
					.schedule(() -> expire(waiter), Math.max(0, maxWaitNanos), TimeUnit.NANOSECONDS);
				if (waiter.state.get() != Waiter.WAITING) {
					waiter.deadline.dispose();
				}
			}
		});
	}

	/**
	 * Asks the store for the next in line, again and again while calls are admitted; capacity
	 * coming back calls this too.
	 */
	void drain() {
		if (this.wip.getAndIncrement() != 0) {
			return;
		}
		int missed = 1;
		do {
			Waiter next = null;
			Claim claim = null;
			long number = 0;
			synchronized (this) {
				if (this.storeBusy) {
					this.changedWhileBusy = true;
				}
				else {
					next = next();
					if (next != null) {
						this.storeBusy = true;
						next.claimed = new Amounts(1, next.amounts.inputTokens(),
								this.group.outputReservation(next.maxTokens));
						List<Waiting> others = this.group.hasSharedStore() ? waiting() : List.of();
						claim = new Claim(next.lane, next.tenant, next.claimed, others);
						number = ++this.claimsSent;
					}
					else {
						this.expired.clear();
					}
				}
			}
			if (next != null) {
				Waiter waiter = next;
				long claimNumber = number;
				// before the store is asked (outside the lock): its waits count from no earlier
				long askedAt = this.group.nanos();
				GroupLimiter.Reservation atOnce = this.group.reserveAtOnce(claim);
				if (atOnce != null) {
					decidedAtOnce(waiter, claimNumber, askedAt, atOnce);
				}
				else {
					this.group.reserveShared(claim)
						.subscribe((reservation) -> decided(waiter, claimNumber, askedAt, reservation),
								(ex) -> failed(waiter, ex));
				}
			}
			missed = this.wip.addAndGet(-missed);
		}
		while (missed != 0);
	}

	// as a subscriber of the shared store's answer would: what fails while deciding fails the call,
	// and what fails while failing it is dropped (logged), never thrown out of drain()
	private void decidedAtOnce(Waiter waiter, long claimNumber, long askedAt, GroupLimiter.Reservation reservation) {
		try {
			decided(waiter, claimNumber, askedAt, reservation);
		}
		catch (Throwable ex) {
			Exceptions.throwIfFatal(ex);
			try {
				failed(waiter, ex);
			}
			catch (Throwable failure) {
				Exceptions.throwIfFatal(failure);
				Operators.onErrorDropped(failure, Context.empty());
			}
		}
	}

	// the store's waits count from when it decided, after the claim was asked and before this
	// runs: counted from the asking they end no later than the store meant; counted from now they
	// would end later by the store's latency, and a call whose deadline falls in between would be
	// refused as hopeless though it could still go
	private void decided(Waiter waiter, long claimNumber, long askedAt, GroupLimiter.Reservation reservation) {
		Decision decision = reservation.decision();
		boolean changed;
		synchronized (this) {
			this.storeBusy = false;
			changed = this.changedWhileBusy;
			this.changedWhileBusy = false;
			if (decision.outcome() == Outcome.GRANTED) {
				this.lanes.get(waiter.lane).admitted(waiter);
				served(waiter.lane);
			}
			else if (decision.outcome() == Outcome.DEFER) {
				// a shared store gives the turn to a lane or tenant waiting elsewhere: asking for the
				// same call again would defer again, so another of ours asks next
				this.lanes.get(waiter.lane).deferred(waiter);
				this.batchDeferred = waiter.lane == Priority.BATCH;
			}
		}
		if (decision.outcome() == Outcome.GRANTED) {
			admitted(waiter, reservation);
			drain();
			return;
		}
		long now = this.group.nanos();
		long possibleAt = EpochNanos.plus(askedAt, decision.certainNanos());
		if (decision.certainNanos() > 0 && possibleAt > now
				&& rejectHopeless(possibleAt, Duration.ofNanos(possibleAt - now))) {
			// the head could not make it: the next one may
			drain();
			return;
		}
		long fitsAt = EpochNanos.plus(askedAt, Math.max(1, decision.waitNanos()));
		if (rejectExpired(claimNumber, Duration.ofNanos(Math.max(0, fitsAt - now)))) {
			// the head may have been one of them: the next one may fit sooner
			drain();
			return;
		}
		if (changed) {
			drain();
		}
		else {
			// a shared store is asked again within the interval from its answer, however late it came
			sleepUntil(this.group.sharesCapacity() ? Math.min(fitsAt, EpochNanos.plus(now, SHARED_RECHECK_NANOS))
					: fitsAt);
		}
	}

	// the calls whose max-wait had passed when this claim was asked: it said no, so they cannot go
	private boolean rejectExpired(long claimNumber, Duration wouldWait) {
		List<Waiter> refused = new ArrayList<>();
		synchronized (this) {
			this.expired.removeIf((waiter) -> {
				if (waiter.state.get() != Waiter.WAITING) {
					return true;
				}
				if (waiter.expiredAfterClaim < claimNumber) {
					refused.add(waiter);
					return true;
				}
				return false;
			});
		}
		boolean any = false;
		for (Waiter waiter : refused) {
			any |= reject(waiter, wouldWait);
		}
		return any;
	}

	private void admitted(Waiter waiter, GroupLimiter.Reservation reservation) {
		long waited = this.group.nanos() - waiter.enqueuedNanos;
		Permit permit = new Permit(this.group, reservation.grant(), waiter.claimed, waiter.budgets, waiter.lane,
				waiter.tenant, Math.max(0, waited));
		if (waiter.state.compareAndSet(Waiter.WAITING, Waiter.ADMITTED)) {
			left(waiter);
			if (waiter.deadline != null) {
				waiter.deadline.dispose();
			}
			this.group.waited(waiter.lane, waited);
			waiter.sink.success(permit);
		}
		else {
			// it expired or was cancelled while the store answered
			permit.cancel();
		}
	}

	private void failed(Waiter waiter, Throwable failure) {
		synchronized (this) {
			this.storeBusy = false;
			this.changedWhileBusy = false;
		}
		if (waiter.state.compareAndSet(Waiter.WAITING, Waiter.GONE)) {
			left(waiter);
			if (waiter.deadline != null) {
				waiter.deadline.dispose();
			}
			this.group.gaveUp(waiter.budgets);
			waiter.sink.error(failure);
		}
		drain();
	}

	// a wait nothing can shorten (a pause) passes these calls' deadlines: tell them now
	private boolean rejectHopeless(long possibleAtNanos, Duration wouldWait) {
		List<Waiter> hopeless = new ArrayList<>();
		synchronized (this) {
			for (Lane lane : this.lanes.values()) {
				lane.collect((waiter) -> waiter.deadlineNanos < possibleAtNanos, hopeless);
			}
		}
		boolean any = false;
		for (Waiter waiter : hopeless) {
			any |= reject(waiter, wouldWait);
		}
		return any;
	}

	void rejectAll() {
		List<Waiter> all = new ArrayList<>();
		synchronized (this) {
			for (Lane lane : this.lanes.values()) {
				lane.collect((waiter) -> true, all);
			}
			if (this.wake != null) {
				this.wake.dispose();
			}
		}
		all.forEach((waiter) -> reject(waiter, Duration.ZERO));
	}

	private void expire(Waiter waiter) {
		// refused once a claim asked from now on says no: capacity due at this very moment, or given
		// back on another instance, still counts, and a shared store answers asynchronously
		synchronized (this) {
			if (waiter.state.get() != Waiter.WAITING) {
				return;
			}
			waiter.expiredAfterClaim = this.claimsSent;
			this.expired.add(waiter);
		}
		drain();
	}

	private boolean reject(Waiter waiter, Duration wouldWait) {
		if (!waiter.state.compareAndSet(Waiter.WAITING, Waiter.GONE)) {
			return false;
		}
		left(waiter);
		if (waiter.deadline != null) {
			waiter.deadline.dispose();
		}
		this.group.gaveUp(waiter.budgets);
		waiter.sink.error(new CapacityWaitExceededException(this.group.name(), wouldWait, waiter.maxWait));
		return true;
	}

	// the caller cancelled, or the sink was disposed after the outcome
	private void gone(Waiter waiter, Throwable ignored) {
		if (waiter.state.compareAndSet(Waiter.WAITING, Waiter.GONE)) {
			left(waiter);
			if (waiter.deadline != null) {
				waiter.deadline.dispose();
			}
			this.group.gaveUp(waiter.budgets);
		}
	}

	private void left(Waiter waiter) {
		synchronized (this) {
			this.lanes.get(waiter.lane).left(waiter);
		}
	}

	private void sleepUntil(long atNanos) {
		synchronized (this) {
			if (this.wake != null && !this.wake.isDisposed() && this.wakeAtNanos <= atNanos) {
				return;
			}
			if (this.wake != null) {
				this.wake.dispose();
			}
			this.wakeAtNanos = atNanos;
			long delay = Math.max(0, atNanos - this.group.nanos());
			this.wake = Schedulers.parallel().schedule(this::wakeUp, delay, TimeUnit.NANOSECONDS);
		}
	}

	private void wakeUp() {
		synchronized (this) {
			this.wake = null;
		}
		drain();
	}

	// guarded by this
	private Waiter next() {
		Lane interactive = this.lanes.get(Priority.INTERACTIVE);
		Lane batch = this.lanes.get(Priority.BATCH);
		boolean interactiveWaits = interactive.live.get() > 0;
		boolean batchWaits = batch.live.get() > 0;
		if (!interactiveWaits || !batchWaits) {
			this.interactiveServed = 0;
			this.batchServed = 0;
			this.batchDeferred = false;
			return interactiveWaits ? interactive.head() : batchWaits ? batch.head() : null;
		}
		if (this.batchDeferred) {
			this.batchDeferred = false;
			return interactive.head();
		}
		// both wait: batch keeps its minimum share of admissions, interactive goes first otherwise
		double share = this.group.limits().batchMinShare();
		boolean batchsTurn = this.batchServed + 1 <= share * (this.batchServed + this.interactiveServed + 1);
		return batchsTurn ? batch.head() : interactive.head();
	}

	// guarded by this
	private void served(Priority lane) {
		if (lane == Priority.BATCH) {
			this.batchServed++;
		}
		else {
			this.interactiveServed++;
		}
	}

	// guarded by this: the lanes and tenants waiting here, for a shared store's fairness (the
	// local store has no use for them: no list is built for it on every call)
	private List<Waiting> waiting() {
		List<Waiting> waiting = new ArrayList<>();
		for (Map.Entry<Priority, Lane> entry : this.lanes.entrySet()) {
			for (String tenant : entry.getValue().rotation) {
				if (waiting.size() >= MAX_WAITING_IN_CLAIM) {
					return waiting;
				}
				waiting.add(new Waiting(entry.getKey(), tenant));
			}
		}
		return waiting;
	}

	/**
	 * How many calls wait in a lane.
	 * @param lane the lane
	 * @return the count
	 */
	int waitingIn(Priority lane) {
		return this.lanes.get(lane).live.get();
	}

	/**
	 * One lane: a queue per tenant, and the tenants' turn order. Calls that left (expired,
	 * cancelled) stay until they reach the head, where they are dropped; each tenant's queue keeps
	 * the sum of what its live calls need, for the forecast of a new call's wait.
	 */
	private static final class Lane {

		final Map<String, TenantQueue> byTenant = new HashMap<>();

		final ArrayDeque<String> rotation = new ArrayDeque<>();

		final AtomicInteger live = new AtomicInteger();

		// what the tenant's calls already waiting need: a new call of the tenant goes after them
		Amounts add(Waiter waiter) {
			TenantQueue queue = this.byTenant.computeIfAbsent(waiter.tenant, (tenant) -> {
				this.rotation.addLast(tenant);
				return new TenantQueue();
			});
			Amounts ahead = queue.needed;
			queue.waiters.addLast(waiter);
			queue.needed = plus(ahead, waiter.amounts, 1);
			this.live.incrementAndGet();
			return ahead;
		}

		Waiter head() {
			while (!this.rotation.isEmpty()) {
				String tenant = this.rotation.peekFirst();
				TenantQueue queue = this.byTenant.get(tenant);
				while (!queue.waiters.isEmpty() && queue.waiters.peekFirst().state.get() != Waiter.WAITING) {
					queue.waiters.pollFirst();
				}
				if (!queue.waiters.isEmpty()) {
					return queue.waiters.peekFirst();
				}
				this.rotation.pollFirst();
				this.byTenant.remove(tenant);
			}
			return null;
		}

		// the call no longer waits: what its tenant's queue needs shrinks
		void left(Waiter waiter) {
			this.live.decrementAndGet();
			TenantQueue queue = this.byTenant.get(waiter.tenant);
			if (queue != null) {
				queue.needed = plus(queue.needed, waiter.amounts, -1);
			}
		}

		// the store gave the turn to another tenant: the next of this lane's tenants asks next
		void deferred(Waiter waiter) {
			if (this.rotation.size() > 1 && waiter.tenant.equals(this.rotation.peekFirst())) {
				this.rotation.addLast(this.rotation.pollFirst());
			}
		}

		// the tenant's turn is over: it goes to the back of the line if it has more
		void admitted(Waiter waiter) {
			TenantQueue queue = this.byTenant.get(waiter.tenant);
			if (queue == null || !queue.waiters.remove(waiter)) {
				return;
			}
			this.rotation.remove(waiter.tenant);
			if (queue.waiters.isEmpty()) {
				this.byTenant.remove(waiter.tenant);
			}
			else {
				this.rotation.addLast(waiter.tenant);
			}
		}

		void collect(java.util.function.Predicate<Waiter> test, List<Waiter> into) {
			for (TenantQueue queue : this.byTenant.values()) {
				for (Waiter waiter : queue.waiters) {
					if (waiter.state.get() == Waiter.WAITING && test.test(waiter)) {
						into.add(waiter);
					}
				}
			}
		}

		private static Amounts plus(Amounts sum, Amounts amounts, int sign) {
			return new Amounts(sum.requests() + sign * amounts.requests(),
					sum.inputTokens() + sign * amounts.inputTokens(), sum.outputTokens() + sign * amounts.outputTokens());
		}

	}

	private static final class TenantQueue {

		final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

		Amounts needed = Amounts.NONE;

	}

	private static final class Waiter {

		static final int WAITING = 0;

		static final int ADMITTED = 1;

		static final int GONE = 2;

		final Priority lane;

		final String tenant;

		final Amounts amounts;

		final int maxTokens;

		final ClaudeRateLimiter.BudgetHold budgets;

		final long enqueuedNanos;

		final long deadlineNanos;

		final Duration maxWait;

		final MonoSink<Permit> sink;

		final AtomicInteger state = new AtomicInteger(WAITING);

		volatile Disposable deadline;

		// what its claim reserves, decided when its turn comes
		volatile Amounts claimed;

		// guarded by the queue: the claims sent when its max-wait passed
		long expiredAfterClaim;

		Waiter(Priority lane, String tenant, Amounts amounts, int maxTokens, ClaudeRateLimiter.BudgetHold budgets,
				long enqueuedNanos,
				long deadlineNanos, Duration maxWait, MonoSink<Permit> sink) {
			this.lane = lane;
			this.tenant = tenant;
			this.amounts = amounts;
			this.maxTokens = maxTokens;
			this.budgets = budgets;
			this.enqueuedNanos = enqueuedNanos;
			this.deadlineNanos = deadlineNanos;
			this.maxWait = maxWait;
			this.sink = sink;
		}

	}

}
