package dev.clauderesilience.fallback;

import dev.clauderesilience.client.ClaudeRequest;

/**
 * Decides whether a call that failed on one model should be tried on the next model of
 * {@code claude.fallback-models}. Define a bean of this type to replace the default policy.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface FallbackModelAdvisor {

	/**
	 * Whether to try the next model.
	 * @param request the request as the caller sent it
	 * @param failedModel the model that just failed
	 * @param nextModel the model that would be tried next
	 * @param failure the failure, after that model's retries
	 * @return {@code true} to try the next model
	 */
	boolean shouldFallBack(ClaudeRequest request, String failedModel, String nextModel, Throwable failure);

}
