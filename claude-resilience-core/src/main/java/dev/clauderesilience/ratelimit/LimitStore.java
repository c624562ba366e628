package dev.clauderesilience.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import reactor.core.publisher.Mono;

import dev.clauderesilience.client.ClaudeRequest.Priority;
import dev.clauderesilience.client.RateLimitSnapshot;

/**
 * Where the capacity of the limits is kept: in this process ({@code local}) or shared by every
 * instance (for example in Redis). A store only answers whether a claim fits now and keeps the
 * books; the {@link ClaudeRateLimiter} owns the waiting (lanes, tenants, max-wait) over any store.
 * A reservation is atomic, so that no two callers spend the same capacity. When a shared store
 * cannot be reached, its operations fail with {@link LimitStoreUnavailableException} and the
 * limiter paces on a local share instead.
 *
 * @since 0.1.0
 */
public interface LimitStore {

	/**
	 * Takes what one request needs in every dimension of its group at once, or nothing, and says
	 * when to ask again if it does not fit.
	 * @param limits the limits of the request's model group
	 * @param claim what the request needs
	 * @return the decision, or an error {@link LimitStoreUnavailableException}
	 */
	Mono<Decision> reserve(GroupLimits limits, Claim claim);

	/**
	 * Gives back (positive) or takes more of (negative) what a reservation took, and records an
	 * answer's real output for the learned output reservation. Best effort.
	 * @param limits the group's limits
	 * @param settlement the amounts
	 * @return completion, or an error {@link LimitStoreUnavailableException}
	 */
	Mono<Void> settle(GroupLimits limits, Settlement settlement);

	/**
	 * Takes in what an answer's headers said (less remaining, a lower limit). Best effort.
	 * @param limits the group's limits
	 * @param snapshot the headers, their times already bounded
	 * @return completion, or an error {@link LimitStoreUnavailableException}
	 */
	Mono<Void> learn(GroupLimits limits, RateLimitSnapshot snapshot);

	/**
	 * Holds back the whole group until a time (the later of the current mark and this one).
	 * @param limits the group's limits
	 * @param until the end of the pause, already bounded by the maximum pause
	 * @return completion, or an error {@link LimitStoreUnavailableException}
	 */
	Mono<Void> pause(GroupLimits limits, Instant until);

	/**
	 * Takes tokens from every budget at once, or from none.
	 * @param budgets the daily budgets the request counts against
	 * @param tokens the tokens to take
	 * @return the budget that refused with its use today, or {@link BudgetRefusal#NONE}
	 */
	Mono<BudgetRefusal> reserveBudgets(List<Budget> budgets, long tokens);

	/**
	 * Changes today's use of budgets: positive when an answer used more than reserved, negative
	 * to give back. Best effort, never fails for lack of budget.
	 * @param budgets the budgets
	 * @param delta the change
	 * @return completion, or an error {@link LimitStoreUnavailableException}
	 */
	Mono<Void> adjustBudgets(List<Budget> budgets, long delta);

	/**
	 * Tokens used today of a budget, as far as this store knows without asking anyone.
	 * @param budget the budget
	 * @return the tokens, or {@code null} when not known here
	 */
	Long budgetUsed(Budget budget);

	/**
	 * The group's capacity as this store last knew it, for health and metrics; never blocks.
	 * @param limits the group's limits
	 * @return the levels, or {@link Levels#UNKNOWN}
	 */
	Levels levels(GroupLimits limits);

	/**
	 * Whether the store answered the last time it was asked.
	 * @return {@code false} while the limits are local
	 */
	boolean isAvailable();

	/**
	 * The store's name, for health reasons.
	 * @return e.g. {@code redis}
	 */
	String name();

	/**
	 * The limits of one model group; a {@code null} bucket is not limited.
	 *
	 * @param group the group name
	 * @param requests the requests-per-minute bucket
	 * @param inputTokens the input-tokens-per-minute bucket
	 * @param outputTokens the output-tokens-per-minute bucket
	 * @param batchMinShare the share of admissions batch calls keep while interactive ones wait
	 * @param maxWait how long an interactive call may wait for capacity
	 */
	record GroupLimits(String group, Bucket requests, Bucket inputTokens, Bucket outputTokens, double batchMinShare,
			Duration maxWait) {

		/**
		 * The bucket of a dimension.
		 * @param dimension the dimension
		 * @return the bucket, or {@code null} when not limited
		 */
		public Bucket bucket(Dimension dimension) {
			return switch (dimension) {
				case REQUESTS -> this.requests;
				case INPUT_TOKENS -> this.inputTokens;
				case OUTPUT_TOKENS -> this.outputTokens;
			};
		}

	}

	/**
	 * One continuously refilled bucket.
	 *
	 * @param perMinute the limit per minute
	 * @param capacity the most that may go at once
	 */
	record Bucket(long perMinute, double capacity) {

		/**
		 * The refill rate.
		 * @return units per second
		 */
		public double ratePerSecond() {
			return this.perMinute / 60d;
		}

	}

	/**
	 * An amount in every dimension.
	 *
	 * @param requests requests
	 * @param inputTokens input tokens
	 * @param outputTokens output tokens
	 */
	record Amounts(long requests, long inputTokens, long outputTokens) {

		/** Nothing. */
		public static final Amounts NONE = new Amounts(0, 0, 0);

		/**
		 * The amount of a dimension.
		 * @param dimension the dimension
		 * @return the amount
		 */
		public long get(Dimension dimension) {
			return switch (dimension) {
				case REQUESTS -> this.requests;
				case INPUT_TOKENS -> this.inputTokens;
				case OUTPUT_TOKENS -> this.outputTokens;
			};
		}

		/**
		 * The tokens, input and output.
		 * @return the sum
		 */
		public long tokens() {
			return this.inputTokens + this.outputTokens;
		}

	}

	/**
	 * What one request claims.
	 *
	 * @param lane the lane it waits in
	 * @param tenant the tenant it counts against
	 * @param amounts one request, its estimated input tokens and its reserved output tokens
	 * @param waiting the lanes and tenants that wait in this instance behind the claim, so that a
	 * shared store can give them their turn across instances (at most a few dozen)
	 */
	record Claim(Priority lane, String tenant, Amounts amounts, List<Waiting> waiting) {

		public Claim {
			waiting = List.copyOf(waiting);
		}

	}

	/**
	 * A lane and tenant with calls waiting.
	 *
	 * @param lane the lane
	 * @param tenant the tenant
	 */
	record Waiting(Priority lane, String tenant) {
	}

	/**
	 * A store's answer to a claim.
	 *
	 * @param outcome granted, or when to ask again
	 * @param waitNanos for {@link Outcome#WAIT}: when the claim would fit by refill alone (or the
	 * pause ends); for {@link Outcome#DEFER}: when to ask again
	 * @param certainNanos a part of the wait nothing given back can shorten (a pause, or debt
	 * deeper than everything in flight), for rejecting at once a call that cannot make its
	 * max-wait
	 * @param outputEstimate the learned output reservation the store holds, or -1
	 */
	record Decision(Outcome outcome, long waitNanos, long certainNanos, long outputEstimate) {

		/** Granted now. */
		public static final Decision GRANTED = new Decision(Outcome.GRANTED, 0, 0, -1);

		/**
		 * Granted, with the store's learned output estimate.
		 * @param outputEstimate the estimate, or -1
		 * @return the decision
		 */
		public static Decision granted(long outputEstimate) {
			return new Decision(Outcome.GRANTED, 0, 0, outputEstimate);
		}

	}

	/**
	 * How a claim was answered.
	 */
	enum Outcome {

		/** Everything was reserved. */
		GRANTED,

		/** Nothing was reserved: the capacity is not there yet. */
		WAIT,

		/** Nothing was reserved: calls of a higher lane or a tenant with less use go first. */
		DEFER

	}

	/**
	 * How a reservation ended: what it took, and what the request really used (what the API
	 * counts). The difference goes back; a negative difference is taken.
	 *
	 * @param reserved what the reservation took
	 * @param used what the request used: no request when the API did not count it (a 5xx) or it
	 * was never sent
	 * @param answeredOutputTokens the answer's real output tokens, for the learned output
	 * reservation, or -1 when there was no complete answer
	 */
	record Settlement(Amounts reserved, Amounts used, long answeredOutputTokens) {

		/**
		 * What goes back in a dimension.
		 * @param dimension the dimension
		 * @return reserved minus used
		 */
		public long givenBack(Dimension dimension) {
			return this.reserved.get(dimension) - this.used.get(dimension);
		}

	}

	/**
	 * A daily token budget.
	 *
	 * @param scope what it covers: {@code all}, {@code group:<name>} or {@code tenant:<id>}
	 * @param tokensPerDay the budget
	 * @param zone the zone whose midnight resets it
	 */
	record Budget(String scope, long tokensPerDay, ZoneId zone) {

		/**
		 * Whether this is a tenant's budget.
		 * @return {@code true} for {@code tenant:} scopes
		 */
		public boolean isTenant() {
			return this.scope.startsWith("tenant:");
		}

	}

	/**
	 * A budget that could not cover a reservation.
	 *
	 * @param budget the budget, {@code null} when every budget covered it
	 * @param used its use today before the reservation
	 */
	record BudgetRefusal(Budget budget, long used) {

		/** Every budget covered the reservation. */
		public static final BudgetRefusal NONE = new BudgetRefusal(null, 0);

	}

	/**
	 * A group's capacity now, per dimension; {@code NaN} when not limited or not known.
	 *
	 * @param requests the requests bucket level
	 * @param inputTokens the input-tokens bucket level
	 * @param outputTokens the output-tokens bucket level
	 * @param pausedUntil the end of the pause, {@link Instant#EPOCH} when not paused
	 */
	record Levels(double requests, double inputTokens, double outputTokens, Instant pausedUntil) {

		/** Nothing known. */
		public static final Levels UNKNOWN = new Levels(Double.NaN, Double.NaN, Double.NaN, Instant.EPOCH);

		/**
		 * The level of a dimension.
		 * @param dimension the dimension
		 * @return the level, {@code NaN} when unknown
		 */
		public double level(Dimension dimension) {
			return switch (dimension) {
				case REQUESTS -> this.requests;
				case INPUT_TOKENS -> this.inputTokens;
				case OUTPUT_TOKENS -> this.outputTokens;
			};
		}

	}

	/**
	 * The dimensions of a group's per-minute limits.
	 */
	enum Dimension {

		/** Requests per minute. */
		REQUESTS,

		/** Input tokens per minute. */
		INPUT_TOKENS,

		/** Output tokens per minute. */
		OUTPUT_TOKENS

	}

}
