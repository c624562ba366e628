package dev.clauderesilience.ratelimit;

import dev.clauderesilience.client.ClaudeException;
import dev.clauderesilience.client.FailureClass;

/**
 * A request needs more tokens than a whole minute of its limit allows, so it could never pass;
 * it fails at once and nothing is sent.
 *
 * @since 0.1.0
 */
public final class RequestExceedsLimitException extends ClaudeException {

	private final String field;

	RequestExceedsLimitException(String dimension, String field, long needed, long perMinute) {
		super("The request needs " + needed + " " + dimension + " but the limit is " + perMinute
				+ " per minute: it could never pass (raise claude.limits or shorten the request)", null, null);
		this.field = field;
	}

	/**
	 * The request field that asks too much, as the API names it: {@code messages} for input
	 * tokens, {@code max_tokens} for output tokens.
	 * @return the field
	 * @since 0.2.0
	 */
	public String field() {
		return this.field;
	}

	@Override
	public FailureClass failureClass() {
		return FailureClass.rejected(FailureClass.Kind.REQUEST_TOO_LARGE, 400);
	}

}
