package dev.clauderesilience.fallback;

import dev.clauderesilience.client.ClaudeFailureClassifier;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.ratelimit.ModelGroups;

/**
 * The default policy: fall back during an outage of the model (529, 5xx after retries, a broken
 * connection, an open breaker, a deadline), and on rate limits only when the next model is in
 * another rate-limit group (a model of the same class shares the limit, so it would not help).
 * Never on a request the API refused as such (400, 401, 402, 403, 404, 413).
 *
 * @since 0.1.0
 */
public final class DefaultFallbackModelAdvisor implements FallbackModelAdvisor {

	private final ClaudeFailureClassifier classifier;

	/**
	 * The default policy on each failure's own class.
	 */
	public DefaultFallbackModelAdvisor() {
		this(ClaudeFailureClassifier.DEFAULT);
	}

	/**
	 * The default policy.
	 * @param classifier which fallback models a failure allows
	 */
	public DefaultFallbackModelAdvisor(ClaudeFailureClassifier classifier) {
		this.classifier = classifier;
	}

	@Override
	public boolean shouldFallBack(ClaudeRequest request, String failedModel, String nextModel, Throwable failure) {
		return switch (this.classifier.classify(failure).fallback()) {
			case ANY_MODEL -> true;
			case OTHER_RATE_LIMIT_CLASS -> !ModelGroups.sameGroup(failedModel, nextModel);
			case NONE -> false;
		};
	}

}
