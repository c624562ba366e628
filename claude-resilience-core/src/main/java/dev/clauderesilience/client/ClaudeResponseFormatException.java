package dev.clauderesilience.client;


/**
 * A successful status whose body is not a valid message (cut short, not JSON, missing fields).
 * Retryable: a well-formed answer is expected next time.
 *
 * @since 0.1.0
 */
public final class ClaudeResponseFormatException extends ClaudeException {

	ClaudeResponseFormatException(String message, RateLimitSnapshot rateLimits, Throwable cause) {
		super(message, rateLimits, cause);
	}

	@Override
	public FailureClass failureClass() {
		return FailureClass.outage(FailureClass.Kind.MALFORMED_RESPONSE, false);
	}

}
