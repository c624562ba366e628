package dev.clauderesilience.client;

/**
 * The one place every layer of the pipeline asks how to treat a failure: the retry policy, the
 * breakers, the fallback chain, the response cache, the limiter's books, the failure handler,
 * the calm answer to the caller, problem details. By default each {@link ClaudeException}'s own
 * {@link ClaudeException#failureClass() class}; define a bean of this type to treat a failure
 * otherwise (a 409 as an outage, say).
 *
 * @since 0.2.0
 */
@FunctionalInterface
public interface ClaudeFailureClassifier {

	/** The class each failure declares; anything that is no Claude failure is unexpected. */
	ClaudeFailureClassifier DEFAULT = (failure) -> (failure instanceof ClaudeException ex) ? ex.failureClass()
			: FailureClass.UNEXPECTED;

	/**
	 * How to treat a failure.
	 * @param failure the failure
	 * @return its class
	 */
	FailureClass classify(Throwable failure);

}
