package dev.clauderesilience.advisor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One model group's per-minute usage over a rolling window: a ring of minute slots, each
 * replaced when its minute comes round again. Lock-free; a reader may see a minute half
 * updated, which a percentile over an hour does not notice.
 */
final class UsageWindow {

	private final int minutes;

	private final AtomicReferenceArray<Slot> slots;

	UsageWindow(int minutes) {
		this.minutes = minutes;
		// one more slot than the window: the minute in progress
		this.slots = new AtomicReferenceArray<>(minutes + 1);
	}

	void record(long minute, long requests, long inputTokens, long outputTokens) {
		Slot slot = slot(minute);
		if (slot != null) {
			slot.requests.addAndGet(requests);
			slot.inputTokens.addAndGet(inputTokens);
			slot.outputTokens.addAndGet(outputTokens);
		}
	}

	private Slot slot(long minute) {
		int index = (int) Math.floorMod(minute, (long) this.slots.length());
		while (true) {
			Slot current = this.slots.get(index);
			if (current != null && current.minute == minute) {
				return current;
			}
			if (current != null && current.minute > minute) {
				// the clock went back past a whole ring: too old to count
				return null;
			}
			Slot fresh = new Slot(minute);
			if (this.slots.compareAndSet(index, current, fresh)) {
				return fresh;
			}
		}
	}

	/**
	 * The completed minutes of the window ending before {@code currentMinute} that had traffic,
	 * oldest first.
	 */
	List<MinuteUsage> busyMinutes(long currentMinute) {
		List<MinuteUsage> busy = new ArrayList<>();
		for (long minute = currentMinute - this.minutes; minute < currentMinute; minute++) {
			Slot slot = this.slots.get((int) Math.floorMod(minute, (long) this.slots.length()));
			if (slot != null && slot.minute == minute && slot.requests.get() > 0) {
				busy.add(new MinuteUsage(Instant.ofEpochSecond(minute * 60), slot.requests.get(),
						slot.inputTokens.get(), slot.outputTokens.get()));
			}
		}
		return busy;
	}

	private static final class Slot {

		final long minute;

		final AtomicLong requests = new AtomicLong();

		final AtomicLong inputTokens = new AtomicLong();

		final AtomicLong outputTokens = new AtomicLong();

		Slot(long minute) {
			this.minute = minute;
		}

	}

}
