package dev.clauderesilience.client;

import java.time.Duration;
import java.util.Optional;

/**
 * Nothing could answer: retries, fallback models and the cache were exhausted, or a limit, an
 * open breaker or a failed key stopped the call. Its {@link #userMessage()} is the calm text of
 * {@code claude.messages.unavailable}; the cause (and its suppressed exceptions) keep the real
 * failures for logs.
 *
 * @since 0.1.0
 */
public final class ClaudeUnavailableException extends ClaudeException {

	private final String userMessage;

	private final Duration retryAfter;

	/**
	 * A new exception.
	 * @param userMessage the message for end users
	 * @param retryAfter when trying again makes sense, or {@code null}
	 * @param cause the last real failure
	 */
	public ClaudeUnavailableException(String userMessage, Duration retryAfter, ClaudeException cause) {
		super("Claude is unavailable: " + cause.getMessage(), cause.rateLimits(), cause);
		this.userMessage = userMessage;
		this.retryAfter = retryAfter;
	}

	@Override
	public String userMessage() {
		return this.userMessage;
	}

	@Override
	public Optional<Duration> retryAfter() {
		return Optional.ofNullable(this.retryAfter);
	}

	@Override
	public FailureClass failureClass() {
		return FailureClass.unavailable(FailureClass.Kind.UNAVAILABLE, FailureClass.Fallback.NONE, false);
	}

}
