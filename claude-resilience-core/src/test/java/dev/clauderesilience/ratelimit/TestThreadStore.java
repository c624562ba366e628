package dev.clauderesilience.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import dev.clauderesilience.client.RateLimitSnapshot;

/**
 * A shared store (for example Redis) whose answers arrive on the test's thread, at the virtual
 * time they were asked, so that a limiter on it can be tested under virtual time; its
 * reservations' answers can also be held back until the test releases them, as a slow store's.
 */
final class TestThreadStore implements LimitStore {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final LimitStore store;

	private final List<Runnable> held = new ArrayList<>();

	private boolean holding;

	TestThreadStore(LimitStore store) {
		this.store = store;
	}

	/**
	 * From now on, the answers to reservations wait for {@link #release()}.
	 */
	void hold() {
		this.holding = true;
	}

	/**
	 * Delivers the answers held back, and answers at once again.
	 */
	void release() {
		this.holding = false;
		List<Runnable> answers = List.copyOf(this.held);
		this.held.clear();
		answers.forEach(Runnable::run);
	}

	@Override
	public Mono<Decision> reserve(GroupLimits limits, Claim claim) {
		return Mono.defer(() -> {
			// the store decides now; only the answer is late
			Decision decision = this.store.reserve(limits, claim).block(TIMEOUT);
			if (!this.holding) {
				return Mono.just(decision);
			}
			Sinks.One<Decision> answer = Sinks.one();
			this.held.add(() -> answer.tryEmitValue(decision));
			return answer.asMono();
		});
	}

	@Override
	public Mono<Void> settle(GroupLimits limits, Settlement settlement) {
		return Mono.fromRunnable(() -> this.store.settle(limits, settlement).block(TIMEOUT));
	}

	@Override
	public Mono<Void> learn(GroupLimits limits, RateLimitSnapshot snapshot) {
		return Mono.fromRunnable(() -> this.store.learn(limits, snapshot).block(TIMEOUT));
	}

	@Override
	public Mono<Void> pause(GroupLimits limits, Instant until) {
		return Mono.fromRunnable(() -> this.store.pause(limits, until).block(TIMEOUT));
	}

	@Override
	public Mono<BudgetRefusal> reserveBudgets(List<Budget> budgets, long tokens) {
		return Mono.fromCallable(() -> this.store.reserveBudgets(budgets, tokens).block(TIMEOUT));
	}

	@Override
	public Mono<Void> adjustBudgets(List<Budget> budgets, long delta) {
		return Mono.fromRunnable(() -> this.store.adjustBudgets(budgets, delta).block(TIMEOUT));
	}

	@Override
	public Long budgetUsed(Budget budget) {
		return this.store.budgetUsed(budget);
	}

	@Override
	public Levels levels(GroupLimits limits) {
		return this.store.levels(limits);
	}

	@Override
	public boolean isAvailable() {
		return this.store.isAvailable();
	}

	@Override
	public String name() {
		return this.store.name();
	}

}
