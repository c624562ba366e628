package dev.clauderesilience.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Schedulers;

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
			Entry entry = new Entry(deadlineNanos, sink);
			sink.onDispose(() -> this.pending.remove(entry));
			this.pending.add(entry);
			startSweeping();
			if (EpochNanos.now(this.clock) >= deadlineNanos) {
				fire(entry);
			}
		});
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
			entry.sink.success(0L);
		}
	}

	@Override
	public void close() {
		Disposable current = this.sweeper;
		if (current != null) {
			current.dispose();
		}
	}

	// identity, not value: two calls may share a deadline
	private static final class Entry {

		final long deadlineNanos;

		final MonoSink<Long> sink;

		Entry(long deadlineNanos, MonoSink<Long> sink) {
			this.deadlineNanos = deadlineNanos;
			this.sink = sink;
		}

	}

}
