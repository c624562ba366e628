package dev.clauderesilience.ratelimit;

import java.time.Duration;

import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.RateLimitSnapshot;
import dev.clauderesilience.client.Usage;

/**
 * Puts a limiter into a state through its own API, for tests of what reads it.
 */
public final class LimiterTesting {

	private LimiterTesting() {
	}

	/**
	 * The failure of a call whose tenant has used its daily budget, as the limiter gives it.
	 * @return the exception
	 */
	public static TenantBudgetExceededException tenantBudgetExceeded() {
		ClaudeRateLimiter limiter = new ClaudeRateLimiter(ClaudeRateLimiter.Settings.of(LimitSettings.NONE)
			.withTenants(new ClaudeRateLimiter.Tenants(1L, java.util.Map.of(), 10)), java.time.Clock.systemUTC(), null);
		ClaudeRequest request = ClaudeRequest.builder().model("claude-sonnet-4-5").maxTokens(10).tenant("acme").user("x")
			.build();
		// refused at once, without blocking: callable from a reactive thread
		java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
		limiter.acquire(request, 5).subscribe(null, failure::set);
		if (failure.get() instanceof TenantBudgetExceededException ex) {
			return ex;
		}
		throw new IllegalStateException("the budget of 1 token covered the call");
	}

	/**
	 * The failure of a call that needs more input tokens than a whole minute of the limit, as the
	 * limiter gives it.
	 * @return the exception
	 */
	public static RequestExceedsLimitException requestExceedsInputLimit() {
		ClaudeRateLimiter limiter = new ClaudeRateLimiter(
				ClaudeRateLimiter.Settings.of(new LimitSettings(null, 100L, null, null)), java.time.Clock.systemUTC(), null);
		ClaudeRequest request = ClaudeRequest.builder().model("claude-sonnet-4-5").maxTokens(10).user("x").build();
		java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
		limiter.acquire(request, 101).subscribe(null, failure::set);
		if (failure.get() instanceof RequestExceedsLimitException ex) {
			return ex;
		}
		throw new IllegalStateException("101 input tokens fitted a limit of 100 a minute");
	}

	/**
	 * Spends tokens of today's budget with one answered request.
	 * @param limiter the limiter
	 * @param model the model whose group (and budget) to use
	 * @param tokens the tokens the answer used, input and output
	 */
	public static void useDailyTokens(ClaudeRateLimiter limiter, String model, long tokens) {
		ClaudeRequest request = ClaudeRequest.builder().model(model).maxTokens(1).user("x").build();
		limiter.acquire(request, 1).block(Duration.ofSeconds(5)).complete(new Usage(1, (int) (tokens - 1), 0, 0),
				RateLimitSnapshot.EMPTY);
	}

}
