package dev.clauderesilience.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples used heap and live threads every few milliseconds on its own (daemon) thread and keeps
 * the peaks. Used heap includes garbage not yet collected, so its peak is an upper bound.
 */
final class JvmSampler implements AutoCloseable {

	private static final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

	private static final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private final long baselineHeap;

	private final int baselineThreads;

	private final AtomicLong peakHeap = new AtomicLong();

	private final AtomicLong peakThreads = new AtomicLong();

	private final ScheduledExecutorService scheduler;

	private JvmSampler(long baselineHeap, int baselineThreads, long periodMillis) {
		this.baselineHeap = baselineHeap;
		this.baselineThreads = baselineThreads;
		this.scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "jvm-sampler");
			thread.setDaemon(true);
			return thread;
		});
		sample();
		this.scheduler.scheduleAtFixedRate(this::sample, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
	}

	/** Collects garbage, takes the idle baseline, then starts sampling. */
	static JvmSampler start(long periodMillis) {
		settle();
		return new JvmSampler(memory.getHeapMemoryUsage().getUsed(), threads.getThreadCount(), periodMillis);
	}

	static void settle() {
		for (int i = 0; i < 3; i++) {
			System.gc();
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	static long usedHeap() {
		return memory.getHeapMemoryUsage().getUsed();
	}

	private void sample() {
		this.peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
		this.peakThreads.accumulateAndGet(threads.getThreadCount(), Math::max);
	}

	long baselineHeap() {
		return this.baselineHeap;
	}

	int baselineThreads() {
		return this.baselineThreads;
	}

	long peakHeap() {
		sample();
		return this.peakHeap.get();
	}

	/** Peak used heap above the idle baseline, in MiB. */
	double peakHeapAboveBaselineMib() {
		return Math.max(0, peakHeap() - this.baselineHeap) / (1024.0 * 1024.0);
	}

	long peakThreads() {
		return this.peakThreads.get();
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

}
