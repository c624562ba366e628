package dev.clauderesilience.ratelimit;

import java.util.concurrent.atomic.AtomicLongArray;

import dev.clauderesilience.ratelimit.LimitStore.Amounts;

/**
 * What a group used over the last minute, in one-second slots: the client's own view of how
 * much of a per-minute limit is used, beside what the API's headers say.
 */
final class RecentUsage {

	private static final int SLOTS = 60;

	// per slot: the second it holds, requests, input tokens, output tokens
	private final AtomicLongArray slots = new AtomicLongArray(SLOTS * 4);

	synchronized void record(long epochSecond, Amounts used) {
		int base = (int) Math.floorMod(epochSecond, SLOTS) * 4;
		if (this.slots.get(base) != epochSecond) {
			this.slots.set(base, epochSecond);
			this.slots.set(base + 1, 0);
			this.slots.set(base + 2, 0);
			this.slots.set(base + 3, 0);
		}
		this.slots.addAndGet(base + 1, used.requests());
		this.slots.addAndGet(base + 2, used.inputTokens());
		this.slots.addAndGet(base + 3, used.outputTokens());
	}

	synchronized Amounts lastMinute(long epochSecond) {
		long requests = 0;
		long input = 0;
		long output = 0;
		for (int slot = 0; slot < SLOTS; slot++) {
			long second = this.slots.get(slot * 4);
			if (second > epochSecond - SLOTS && second <= epochSecond) {
				requests += this.slots.get(slot * 4 + 1);
				input += this.slots.get(slot * 4 + 2);
				output += this.slots.get(slot * 4 + 3);
			}
		}
		return new Amounts(requests, input, output);
	}

}
