package dev.clauderesilience.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.clauderesilience.client.ClaudeRequest.Priority;
import dev.clauderesilience.client.ClaudeResponse;
import dev.clauderesilience.client.RateLimitSnapshot;
import dev.clauderesilience.client.Usage;
import dev.clauderesilience.ratelimit.LimitStore.Amounts;

/**
 * Capacity reserved for one request, and the one place its books are closed: the answer's real
 * usage replaces the reservation, what the headers said is learned, a 429 pauses the group, and
 * what comes back lets waiting calls go earlier. Exactly one of {@link #complete},
 * {@link #fail} or {@link #abandon} takes effect; later calls do nothing.
 *
 * @since 0.1.0
 */
public final class Permit {

	private final GroupLimiter group;

	private final Grant grant;

	private final Amounts reserved;

	private final ClaudeRateLimiter.BudgetHold budgets;

	private final Priority lane;

	private final String tenant;

	private final long waitedNanos;

	private final AtomicBoolean done = new AtomicBoolean();

	Permit(GroupLimiter group, Grant grant, Amounts reserved, ClaudeRateLimiter.BudgetHold budgets, Priority lane, String tenant,
			long waitedNanos) {
		this.group = group;
		this.grant = grant;
		this.reserved = reserved;
		this.budgets = budgets;
		this.lane = lane;
		this.tenant = tenant;
		this.waitedNanos = waitedNanos;
	}

	/**
	 * The answer arrived: its usage replaces the reservation (cache-read tokens do not count
	 * toward the input limit) and its headers teach the limiter the API's view.
	 * @param response the answer
	 */
	public void complete(ClaudeResponse response) {
		complete(response.usage(), response.rateLimits());
	}

	/**
	 * A streamed answer completed.
	 * @param usage the answer's usage
	 * @param rateLimits the headers it came with
	 */
	public void complete(Usage usage, RateLimitSnapshot rateLimits) {
		if (this.done.compareAndSet(false, true)) {
			Amounts used = new Amounts(1, usage.rateLimitedInputTokens(), usage.outputTokens());
			this.group.settle(this, used, usage.outputTokens());
			this.group.learn(rateLimits);
		}
	}

	/**
	 * The request failed. A failure the API does not count (a 5xx or 529) gives the whole
	 * reservation back; otherwise the request counts and its tokens go back. What the failed
	 * answer's headers said is learned, and a 429's {@code retry-after} pauses the group.
	 * @param failure the failure
	 */
	public void fail(Throwable failure) {
		fail(failure, Usage.NONE);
	}

	/**
	 * The request failed after part of the answer was generated (a stream broke off): those
	 * tokens were spent.
	 * @param failure the failure
	 * @param spent the usage reported before the failure
	 */
	public void fail(Throwable failure, Usage spent) {
		if (this.done.compareAndSet(false, true)) {
			this.group.failed(this, failure, (spent != null) ? spent : Usage.NONE);
		}
	}

	/**
	 * The caller went away while the request was in flight: the request counts, its tokens go
	 * back.
	 */
	public void abandon() {
		if (this.done.compareAndSet(false, true)) {
			this.group.settle(this, new Amounts(1, 0, 0), -1);
		}
	}

	// granted, then the caller was gone before it could be told: as if never sent
	void cancel() {
		if (this.done.compareAndSet(false, true)) {
			this.group.settle(this, Amounts.NONE, -1);
		}
	}

	/**
	 * How long the request waited for capacity.
	 * @return the wait
	 */
	public Duration waited() {
		return Duration.ofNanos(this.waitedNanos);
	}

	/**
	 * The lane the request waited in.
	 * @return the lane
	 */
	public Priority lane() {
		return this.lane;
	}

	/**
	 * The group this permit belongs to.
	 * @return the group
	 */
	public GroupLimiter group() {
		return this.group;
	}

	Grant grant() {
		return this.grant;
	}

	Amounts reserved() {
		return this.reserved;
	}

	ClaudeRateLimiter.BudgetHold budgets() {
		return this.budgets;
	}

	String tenant() {
		return this.tenant;
	}

	/**
	 * Which store granted a reservation, with the limits it granted it under: the shared store,
	 * or the local one (by configuration, or as the fallback while the shared one is down).
	 */
	record Grant(LimitStore store, LimitStore.GroupLimits limits) {
	}

}
