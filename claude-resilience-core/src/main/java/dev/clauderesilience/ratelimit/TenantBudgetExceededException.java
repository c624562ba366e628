package dev.clauderesilience.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.clauderesilience.client.ClaudeException;
import dev.clauderesilience.client.FailureClass;
import dev.clauderesilience.client.LogSafe;

/**
 * A tenant's daily token budget ({@code claude.limits.tenant-tokens-per-day} or
 * {@code claude.limits.tenants.<id>.tokens-per-day}) cannot cover the request; nothing was sent.
 * Not retryable before {@link #resetsAt()}, and no other model helps: the budget is the tenant's,
 * whatever the model. Rendered by the problem-details handler as 429 with {@code Retry-After}.
 *
 * @since 0.2.0
 */
public final class TenantBudgetExceededException extends ClaudeException {

	/** What end users are told. */
	public static final String USER_MESSAGE = "You have used today's allowance of the AI assistant. "
			+ "It renews tomorrow; please try again then, or contact support.";

	private final String tenant;

	private final Instant resetsAt;

	private final Duration untilReset;

	TenantBudgetExceededException(String tenant, long limit, long used, long requested, Instant resetsAt, Instant now) {
		super("Daily token budget of tenant '" + LogSafe.text(tenant) + "' (" + limit + ") would be exceeded: " + used
				+ " used today, " + requested + " requested; resets at " + resetsAt, null, null);
		this.tenant = tenant;
		this.resetsAt = resetsAt;
		Duration wait = Duration.between(now, resetsAt);
		this.untilReset = wait.isNegative() ? Duration.ZERO : wait;
	}

	/**
	 * The tenant whose budget is used up.
	 * @return the tenant id
	 */
	public String tenant() {
		return this.tenant;
	}

	/**
	 * When the budget resets.
	 * @return the next midnight in the configured zone
	 */
	public Instant resetsAt() {
		return this.resetsAt;
	}

	@Override
	public Optional<Duration> retryAfter() {
		return Optional.of(this.untilReset);
	}

	// the tenant is told, and when it renews: no model helps, the budget is the tenant's
	@Override
	public FailureClass failureClass() {
		return new FailureClass(FailureClass.Kind.TENANT_BUDGET, false, false, FailureClass.Fallback.NONE, false,
				FailureClass.CallerGets.AS_IS, false, 429, true);
	}

	@Override
	public String userMessage() {
		return USER_MESSAGE;
	}

}
