package dev.clauderesilience.fallback;

import dev.clauderesilience.breaker.ClaudeCircuitOpenException;
import dev.clauderesilience.client.ClaudeApiException;
import dev.clauderesilience.client.ClaudeException;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeStreamException;
import dev.clauderesilience.ratelimit.CapacityWaitExceededException;
import dev.clauderesilience.ratelimit.ModelGroups;
import dev.clauderesilience.retry.ClaudeDeadlineExceededException;

/**
 * The default policy: fall back during an outage of the model (529, 5xx after retries, a broken
 * connection, an open breaker, a deadline), and on rate limits only when the next model is in
 * another rate-limit group (a model of the same class shares the limit, so it would not help).
 * Never on a request the API refused as such (400, 401, 402, 403, 404, 413).
 *
 * @since 0.1.0
 */
public final class DefaultFallbackModelAdvisor implements FallbackModelAdvisor {

	@Override
	public boolean shouldFallBack(ClaudeRequest request, String failedModel, String nextModel, Throwable failure) {
		if (!(failure instanceof ClaudeException ex)) {
			return false;
		}
		if (ex instanceof ClaudeStreamException stream && stream.contentReceived()) {
			// the caller already has part of this model's answer
			return false;
		}
		if (ex instanceof ClaudeApiException.SpendCap) {
			// the cap is the account's: every model fails the same
			return false;
		}
		if (ex instanceof ClaudeApiException.RateLimited) {
			return differentGroup(failedModel, nextModel);
		}
		if (ex instanceof CapacityWaitExceededException) {
			return differentGroup(failedModel, nextModel);
		}
		if (ex instanceof ClaudeApiException api) {
			// 529 and 5xx: the model is overloaded or failing; 4xx are the request's own
			return api.status() >= 500;
		}
		return ex instanceof ClaudeCircuitOpenException || ex instanceof ClaudeDeadlineExceededException
				|| (ex.isRetryable() && ex.isAvailabilityFailure());
	}

	private static boolean differentGroup(String failedModel, String nextModel) {
		return !ModelGroups.of(failedModel).equals(ModelGroups.of(nextModel));
	}

}
