package dev.clauderesilience.client;

/**
 * A request that the configured API version (or the API in general) would reject, caught
 * before anything was sent. Not retryable.
 *
 * @since 0.1.0
 */
public final class ClaudeRequestValidationException extends ClaudeException {

	private final String field;

	private final ApiVersion apiVersion;

	ClaudeRequestValidationException(String field, ApiVersion apiVersion, String reason) {
		super(field + ": " + reason + " (anthropic-version " + apiVersion.value() + ")", null, null);
		this.field = field;
		this.apiVersion = apiVersion;
	}

	/**
	 * The offending field, as the API names it.
	 * @return e.g. {@code temperature}
	 */
	public String field() {
		return this.field;
	}

	/**
	 * The API version the request was checked against.
	 * @return the version
	 */
	public ApiVersion apiVersion() {
		return this.apiVersion;
	}

	@Override
	public FailureClass failureClass() {
		return FailureClass.rejected(FailureClass.Kind.INVALID_REQUEST, 400);
	}

}
