package dev.clauderesilience.client;

/**
 * No usable HTTP answer arrived: the connection was refused or reset, or an answer took
 * longer than the configured timeout. Always retryable.
 *
 * @since 0.1.0
 */
public final class ClaudeTransportException extends ClaudeException {

	private final boolean timeout;

	private final boolean connectionPoolExhausted;

	ClaudeTransportException(String message, boolean timeout, Throwable cause) {
		this(message, timeout, false, cause);
	}

	ClaudeTransportException(String message, boolean timeout, boolean connectionPoolExhausted, Throwable cause) {
		super(message, null, cause);
		this.timeout = timeout;
		this.connectionPoolExhausted = connectionPoolExhausted;
	}

	/**
	 * Whether the failure was a timeout rather than a connection failure.
	 * @return {@code true} for a timeout
	 */
	public boolean isTimeout() {
		return this.timeout;
	}

	/**
	 * Whether the request never left this process because the client's own connection pool was
	 * full ({@code claude.connection-pool.*}): local overload, not a sign the API is down.
	 * @return {@code true} when no connection could be had
	 */
	public boolean isConnectionPoolExhausted() {
		return this.connectionPoolExhausted;
	}

	// a full local pool is this process's overload, not the model's outage, and nothing was sent
	@Override
	public FailureClass failureClass() {
		if (this.connectionPoolExhausted) {
			return new FailureClass(FailureClass.Kind.LOCAL_OVERLOAD, true, false, FailureClass.Fallback.ANY_MODEL, true,
					FailureClass.CallerGets.CALM, true, 503, false);
		}
		return FailureClass.outage(this.timeout ? FailureClass.Kind.TIMEOUT : FailureClass.Kind.CONNECTION, false);
	}

}
