package dev.clauderesilience.ratelimit;

import java.util.concurrent.atomic.AtomicBoolean;

import dev.clauderesilience.client.Usage;

/**
 * Capacity reserved for one request. Exactly one of {@link #settle}, {@link #release} or
 * {@link #cancel} takes effect; later calls do nothing.
 *
 * @since 0.1.0
 */
public final class Permit {

	private final GroupLimiter group;

	private final long inputTokens;

	private final long outputTokens;

	final long waitNanos;

	private final Settlement settlement;

	private final AtomicBoolean done = new AtomicBoolean();

	Permit(GroupLimiter group, long inputTokens, long outputTokens, long waitNanos) {
		this(group, inputTokens, outputTokens, waitNanos, group::give);
	}

	Permit(GroupLimiter group, long inputTokens, long outputTokens, long waitNanos, Settlement settlement) {
		this.group = group;
		this.inputTokens = inputTokens;
		this.outputTokens = outputTokens;
		this.waitNanos = waitNanos;
		this.settlement = settlement;
	}

	/**
	 * The answer arrived: replace the reservation by what it really used (cache-read tokens do
	 * not count toward the input limit).
	 * @param usage the answer's usage
	 */
	public void settle(Usage usage) {
		if (this.done.compareAndSet(false, true)) {
			long input = usage.rateLimitedInputTokens();
			long output = usage.outputTokens();
			this.settlement.give(0, this.inputTokens - input, this.outputTokens - output,
					(this.inputTokens + this.outputTokens) - (input + output));
		}
	}

	/**
	 * The request was sent but failed: the request counts, its tokens are given back.
	 */
	public void release() {
		if (this.done.compareAndSet(false, true)) {
			this.settlement.give(0, this.inputTokens, this.outputTokens, this.inputTokens + this.outputTokens);
		}
	}

	/**
	 * The request was never sent: everything is given back.
	 */
	public void cancel() {
		if (this.done.compareAndSet(false, true)) {
			this.settlement.give(1, this.inputTokens, this.outputTokens, this.inputTokens + this.outputTokens);
		}
	}

	/**
	 * How long the request waited for capacity.
	 * @return the wait
	 */
	public java.time.Duration waited() {
		return java.time.Duration.ofNanos(this.waitNanos);
	}

	/**
	 * The group this permit belongs to.
	 * @return the group
	 */
	public GroupLimiter group() {
		return this.group;
	}

	// where a reservation is given back: the local buckets, or the shared store that granted it
	interface Settlement {

		void give(long requests, long input, long output, long daily);

	}

}
