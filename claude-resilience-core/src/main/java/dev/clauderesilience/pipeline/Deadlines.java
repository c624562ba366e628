package dev.clauderesilience.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

import dev.clauderesilience.ratelimit.EpochNanos;

/**
 * The calls' deadlines, swept every tick by one periodic task rather than one timer per call:
 * scheduling a timer for each call woke a scheduler thread on every call (tens of microseconds
 * on a small machine), for deadlines that almost never pass. A deadline fires within a tick of
 * its time.
 */
final class Deadlines implements AutoCloseable {

	static final Duration TICK = Duration.ofMillis(50);

	private final Clock clock;

	private final Set<Entry> pending = ConcurrentHashMap.newKeySet();

	private volatile Disposable sweeper;

	Deadlines(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Emits when the deadline passes, as a timeout publisher; cancelling it (the call ended)
	 * forgets the deadline.
	 * @param deadlineNanos the deadline, in {@link EpochNanos}
	 * @return the signal
	 */
	Mono<Long> at(long deadlineNanos) {
		return Mono.create((sink) -> {
			Entry entry = new Signal(deadlineNanos, sink);
			sink.onDispose(() -> this.pending.remove(entry));
			register(entry);
		});
	}

	/**
	 * The call, failing with {@code exceeded} if it has not answered when the deadline passes;
	 * its answer, failure or cancellation forgets the deadline. One operator that is itself the
	 * sweep's entry, where {@code timeout(at(deadline), error)} took four kinds of operator and
	 * subscriber on every call's path.
	 * @param call the call
	 * @param deadlineNanos the deadline, in {@link EpochNanos}
	 * @param exceeded the failure when it passes
	 * @param <T> the answer's type
	 * @return the call within its deadline
	 */
	<T> Mono<T> bound(Mono<T> call, long deadlineNanos, Supplier<? extends Throwable> exceeded) {
		return Bounded.of(call, this, deadlineNanos, exceeded);
	}

	private void register(Entry entry) {
		this.pending.add(entry);
		startSweeping();
		if (EpochNanos.now(this.clock) >= entry.deadlineNanos) {
			fire(entry);
		}
	}

	private void startSweeping() {
		Disposable current = this.sweeper;
		if (current == null || current.isDisposed()) {
			synchronized (this) {
				if (this.sweeper == null || this.sweeper.isDisposed()) {
					long tick = TICK.toNanos();
					this.sweeper = Schedulers.parallel().schedulePeriodically(this::sweep, tick, tick, TimeUnit.NANOSECONDS);
				}
			}
		}
	}

	private void sweep() {
		long now = EpochNanos.now(this.clock);
		for (Entry entry : this.pending) {
			if (now >= entry.deadlineNanos) {
				fire(entry);
			}
		}
	}

	private void fire(Entry entry) {
		if (this.pending.remove(entry)) {
			entry.expire();
		}
	}

	// how many deadlines the sweep keeps (tests: an ended call leaves none)
	int pending() {
		return this.pending.size();
	}

	@Override
	public void close() {
		Disposable current = this.sweeper;
		if (current != null) {
			current.dispose();
		}
	}

	// identity, not value: two calls may share a deadline
	private abstract static class Entry {

		final long deadlineNanos;

		Entry(long deadlineNanos) {
			this.deadlineNanos = deadlineNanos;
		}

		abstract void expire();

	}

	private static final class Signal extends Entry {

		private final MonoSink<Long> sink;

		Signal(long deadlineNanos, MonoSink<Long> sink) {
			super(deadlineNanos);
			this.sink = sink;
		}

		@Override
		void expire() {
			this.sink.success(0L);
		}

	}

	private static final class Bounded<T> extends MonoOperator<T, T> {

		private final Deadlines deadlines;

		private final long deadlineNanos;

		private final Supplier<? extends Throwable> exceeded;

		Bounded(Mono<? extends T> call, Deadlines deadlines, long deadlineNanos, Supplier<? extends Throwable> exceeded) {
			super(call);
			this.deadlines = deadlines;
			this.deadlineNanos = deadlineNanos;
			this.exceeded = exceeded;
		}

		// through the assembly hooks, as Reactor's own operators are
		static <T> Mono<T> of(Mono<T> call, Deadlines deadlines, long deadlineNanos,
				Supplier<? extends Throwable> exceeded) {
			return onAssembly(new Bounded<>(call, deadlines, deadlineNanos, exceeded));
		}

		@Override
		public void subscribe(CoreSubscriber<? super T> actual) {
			this.source.subscribe(new BoundedCall<>(actual, this));
		}

	}

	/**
	 * One call within its deadline. Whichever comes first, the answer, a failure, the caller's
	 * cancellation or the deadline, wins; what comes after it is dropped.
	 */
	private static final class BoundedCall<T> extends Entry implements CoreSubscriber<T>, Subscription {

		private static final int OPEN = 0;

		private static final int ANSWERED = 1;

		private static final int ENDED = 2;

		private final AtomicInteger state = new AtomicInteger(OPEN);

		private final CoreSubscriber<? super T> actual;

		private final Deadlines deadlines;

		private final Supplier<? extends Throwable> exceeded;

		// set before the entry is registered, read by the sweep after
		private Subscription upstream;

		BoundedCall(CoreSubscriber<? super T> actual, Bounded<T> bounded) {
			super(bounded.deadlineNanos);
			this.actual = actual;
			this.deadlines = bounded.deadlines;
			this.exceeded = bounded.exceeded;
		}

		@Override
		public Context currentContext() {
			return this.actual.currentContext();
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			if (Operators.validate(this.upstream, subscription)) {
				this.upstream = subscription;
				this.actual.onSubscribe(this);
				this.deadlines.register(this);
				if (this.state.get() != OPEN) {
					// it ended while subscribing, before the entry was there to be removed
					this.deadlines.pending.remove(this);
				}
			}
		}

		@Override
		public void onNext(T answer) {
			if (this.state.compareAndSet(OPEN, ANSWERED)) {
				this.deadlines.pending.remove(this);
				this.actual.onNext(answer);
			}
			else {
				Operators.onNextDropped(answer, currentContext());
			}
		}

		@Override
		public void onError(Throwable failure) {
			if (this.state.compareAndSet(OPEN, ENDED)) {
				this.deadlines.pending.remove(this);
				this.actual.onError(failure);
			}
			else if (this.state.get() == ANSWERED) {
				this.actual.onError(failure);
			}
			else {
				Operators.onErrorDropped(failure, currentContext());
			}
		}

		@Override
		public void onComplete() {
			if (this.state.get() == ANSWERED) {
				// the answer already took the entry out
				this.actual.onComplete();
			}
			else if (this.state.compareAndSet(OPEN, ENDED)) {
				this.deadlines.pending.remove(this);
				this.actual.onComplete();
			}
		}

		@Override
		void expire() {
			if (this.state.compareAndSet(OPEN, ENDED)) {
				this.upstream.cancel();
				Throwable failure;
				try {
					failure = this.exceeded.get();
				}
				catch (Throwable ex) {
					Exceptions.throwIfFatal(ex);
					failure = ex;
				}
				this.actual.onError(failure);
			}
		}

		@Override
		public void request(long n) {
			this.upstream.request(n);
		}

		@Override
		public void cancel() {
			if (this.state.compareAndSet(OPEN, ENDED)) {
				this.deadlines.pending.remove(this);
			}
			this.upstream.cancel();
		}

	}

}
