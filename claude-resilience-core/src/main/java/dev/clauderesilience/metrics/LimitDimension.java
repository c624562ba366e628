package dev.clauderesilience.metrics;

import java.time.Instant;

import dev.clauderesilience.client.RateLimitSnapshot;
import dev.clauderesilience.ratelimit.ClaudeRateLimiter;
import dev.clauderesilience.ratelimit.GroupLimiter;
import dev.clauderesilience.ratelimit.LimitStore;

/**
 * The dimensions of a model group's rate limits, and how to read one from a
 * {@link GroupLimiter}: the latest {@code anthropic-ratelimit-*} headers beside the client-side
 * configured limit.
 *
 * @since 0.1.0
 */
public enum LimitDimension {

	/** Requests per minute. */
	REQUESTS("requests", "requests"),

	/** Input tokens per minute. */
	INPUT_TOKENS("input_tokens", "inputTokens"),

	/** Output tokens per minute. */
	OUTPUT_TOKENS("output_tokens", "outputTokens"),

	/** The most restrictive token limit in effect, as the API reports it (no client-side limit). */
	TOKENS("tokens", "tokens"),

	/** The client's own daily token budget (the API reports none). */
	DAILY_TOKENS("daily_tokens", "dailyTokens");

	private final String tag;

	private final String key;

	LimitDimension(String tag, String key) {
		this.tag = tag;
		this.key = key;
	}

	/**
	 * The metric tag value.
	 * @return e.g. {@code input_tokens}
	 */
	public String tag() {
		return this.tag;
	}

	/**
	 * The JSON key in health details and the {@code claude} endpoint.
	 * @return e.g. {@code inputTokens}
	 */
	public String key() {
		return this.key;
	}

	/**
	 * Reads this dimension of a group. A server figure whose reset time has passed is read as
	 * replenished (remaining = limit), since the API's bucket has refilled since.
	 * @param group the group
	 * @param now the time now
	 * @return the reading
	 */
	public LimitReading read(GroupLimiter group, Instant now) {
		if (this == DAILY_TOKENS) {
			ClaudeRateLimiter.BudgetReading budget = group.dailyBudget();
			if (budget == null) {
				return LimitReading.UNKNOWN;
			}
			long used = budget.used();
			return new LimitReading(budget.limit(), Math.max(0, budget.limit() - used), budget.resetsAt(),
					budget.limit(), used, null);
		}
		RateLimitSnapshot.Limit server = serverLimit(group.lastSnapshot());
		LimitStore.Dimension dimension = clientDimension();
		Long configured = (dimension != null) ? group.configuredPerMinute(dimension) : null;
		Long remaining = server.remaining();
		if (server.reset() != null && server.limit() != null && !now.isBefore(server.reset())) {
			remaining = server.limit();
		}
		Long clientUsed = (configured != null) ? group.usedLastMinute(dimension) : null;
		return new LimitReading(server.limit(), remaining, server.reset(), configured, null, clientUsed);
	}

	private RateLimitSnapshot.Limit serverLimit(RateLimitSnapshot snapshot) {
		return switch (this) {
			case REQUESTS -> snapshot.requests();
			case INPUT_TOKENS -> snapshot.inputTokens();
			case OUTPUT_TOKENS -> snapshot.outputTokens();
			case TOKENS -> snapshot.tokens();
			case DAILY_TOKENS -> throw new IllegalStateException("no server limit");
		};
	}

	private LimitStore.Dimension clientDimension() {
		return switch (this) {
			case REQUESTS -> LimitStore.Dimension.REQUESTS;
			case INPUT_TOKENS -> LimitStore.Dimension.INPUT_TOKENS;
			case OUTPUT_TOKENS -> LimitStore.Dimension.OUTPUT_TOKENS;
			case TOKENS, DAILY_TOKENS -> null;
		};
	}

	/**
	 * One dimension's figures; any may be {@code null} when unknown.
	 *
	 * @param limit the limit the API reported (for daily tokens: the budget)
	 * @param remaining what remains of it
	 * @param reset when it is fully replenished (for daily tokens: the next reset)
	 * @param configured the client-side configured limit
	 * @param used tokens used today (daily tokens only)
	 * @param clientUsed what this instance used of the configured limit over the last minute, or
	 * {@code null} when nothing is configured
	 * @since 0.1.0
	 */
	public record LimitReading(Long limit, Long remaining, Instant reset, Long configured, Long used,
			Long clientUsed) {

		static final LimitReading UNKNOWN = new LimitReading(null, null, null, null, null, null);

		/**
		 * The used fraction of the limit: the tighter of the API's figures and the client's own.
		 * @return 0 to 1, or {@code null} when neither is known
		 */
		public Double utilization() {
			Double server = (this.limit == null || this.limit <= 0 || this.remaining == null) ? null
					: Math.min(1d, Math.max(0d, (this.limit - this.remaining) / (double) this.limit));
			Double client = (this.configured == null || this.configured <= 0 || this.clientUsed == null) ? null
					: Math.min(1d, this.clientUsed / (double) this.configured);
			if (server == null) {
				return client;
			}
			return (client == null) ? server : Math.max(server, client);
		}

		/**
		 * What remains of the configured limit over the last minute, by the client's own count.
		 * @return the remaining amount, or {@code null} when nothing is configured
		 */
		public Long clientRemaining() {
			return (this.configured == null || this.clientUsed == null) ? null
					: Math.max(0, this.configured - this.clientUsed);
		}

		/**
		 * The limit a gauge shows: the API's, else the configured one.
		 * @return the limit, or {@code null}
		 */
		public Long effectiveLimit() {
			return (this.limit != null) ? this.limit : this.configured;
		}

	}

}
