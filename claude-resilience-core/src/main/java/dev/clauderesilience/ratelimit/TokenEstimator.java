package dev.clauderesilience.ratelimit;

import reactor.core.publisher.Mono;

import dev.clauderesilience.client.ClaudeRequest;

/**
 * Estimates the input tokens of a request before it is sent, for the input-tokens-per-minute
 * reservation (which is settled to the answer's real usage afterwards).
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface TokenEstimator {

	/**
	 * Estimates the input tokens of a request.
	 * @param request the request, defaults applied
	 * @return the estimate
	 */
	Mono<Long> estimate(ClaudeRequest request);

}
