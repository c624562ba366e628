package dev.clauderesilience.client;

/**
 * No usable HTTP answer arrived: the connection was refused or reset, or an answer took
 * longer than the configured timeout. Always retryable.
 *
 * @since 0.1.0
 */
public final class ClaudeTransportException extends ClaudeException {

	private final boolean timeout;

	ClaudeTransportException(String message, boolean timeout, Throwable cause) {
		super(message, null, cause);
		this.timeout = timeout;
	}

	/**
	 * Whether the failure was a timeout rather than a connection failure.
	 * @return {@code true} for a timeout
	 */
	public boolean isTimeout() {
		return this.timeout;
	}

	@Override
	public boolean isRetryable() {
		return true;
	}

}
