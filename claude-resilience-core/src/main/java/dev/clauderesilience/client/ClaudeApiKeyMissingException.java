package dev.clauderesilience.client;

/**
 * No API key is configured ({@code claude.api-key}, or the {@code ANTHROPIC_API_KEY} environment
 * variable): the call failed at once, nothing was sent. Not retryable; the assistant is
 * unavailable until a key is set (or the simulator is enabled for local runs).
 *
 * @since 0.2.0
 */
public final class ClaudeApiKeyMissingException extends ClaudeException {

	/** What the health indicator and logs say. */
	public static final String REASON = "no API key: set claude.api-key (or the ANTHROPIC_API_KEY environment "
			+ "variable), or claude.simulator.enabled=true with claude-resilience-test for local runs";

	ClaudeApiKeyMissingException() {
		super("Claude API call refused: " + REASON, null, null);
	}

	/**
	 * The failure of a call made without a key.
	 * @return a new exception
	 */
	public static ClaudeApiKeyMissingException create() {
		return new ClaudeApiKeyMissingException();
	}

	@Override
	public FailureClass failureClass() {
		return FailureClass.unavailable(FailureClass.Kind.API_KEY_MISSING, FailureClass.Fallback.NONE, false);
	}

}
