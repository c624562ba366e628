package dev.clauderesilience.ratelimit;

import java.time.Duration;
import java.util.Arrays;

/**
 * The recent waits for capacity of one lane of one group, for the 95th percentile the
 * {@code claude} endpoint shows.
 */
final class WaitStats {

	private static final int WINDOW = 256;

	private final long[] waits = new long[WINDOW];

	private int count;

	private int next;

	synchronized void record(long waitNanos) {
		this.waits[this.next] = waitNanos;
		this.next = (this.next + 1) % WINDOW;
		this.count = Math.min(WINDOW, this.count + 1);
	}

	/**
	 * The 95th percentile of the recent waits.
	 * @return the wait, zero when there were none
	 */
	synchronized Duration p95() {
		if (this.count == 0) {
			return Duration.ZERO;
		}
		long[] sorted = Arrays.copyOf(this.waits, this.count);
		Arrays.sort(sorted);
		return Duration.ofNanos(sorted[(int) Math.ceil(this.count * 0.95) - 1]);
	}

}
