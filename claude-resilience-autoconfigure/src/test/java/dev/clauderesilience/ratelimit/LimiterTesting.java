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
