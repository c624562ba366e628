package dev.clauderesilience.client;

import java.time.Duration;
import java.util.Optional;


/**
 * The root of every failure the Claude client reports. The message keeps the upstream detail
 * for logs (never the API key); {@link #userMessage()} is a calm text safe to show end users.
 *
 * @since 0.1.0
 */
public abstract class ClaudeException extends RuntimeException {

	/** What end users are told when the assistant cannot answer for now. */
	public static final String UNAVAILABLE_MESSAGE = "Our AI assistant is temporarily unavailable. "
			+ "Please try again in a few minutes, or contact support.";

	/** What end users are told when their request itself cannot be processed. */
	public static final String REJECTED_MESSAGE = "Sorry, this request could not be processed. "
			+ "Please rephrase it, or contact support.";

	private final RateLimitSnapshot rateLimits;

	protected ClaudeException(String message, RateLimitSnapshot rateLimits, Throwable cause) {
		super(message, cause);
		this.rateLimits = (rateLimits != null) ? rateLimits : RateLimitSnapshot.EMPTY;
	}

	/**
	 * How the pipeline treats this failure: retried or not, counted by the breaker, answered by
	 * a fallback model or a stale cached answer, the caller's fault or an unavailable assistant.
	 * Every layer asks it through the {@link ClaudeFailureClassifier}.
	 * @return its class
	 * @since 0.2.0
	 */
	public abstract FailureClass failureClass();

	/**
	 * Whether the same request may succeed if sent again later.
	 * @return {@code true} for transient failures
	 */
	public boolean isRetryable() {
		return failureClass().retryable();
	}

	/**
	 * Whether the failure means the assistant cannot answer for now (overload, outage, limits,
	 * a deadline), as opposed to a request that would fail again however long one waits: a stale
	 * cached answer may be served instead.
	 * @return {@code true} for availability failures
	 */
	public boolean isAvailabilityFailure() {
		return failureClass().servesStale();
	}

	/**
	 * A calm message for end users, free of upstream detail.
	 * @return the message: {@link #REJECTED_MESSAGE} for the caller's own mistakes,
	 * {@link #UNAVAILABLE_MESSAGE} otherwise
	 */
	public String userMessage() {
		return failureClass().callersFault() ? REJECTED_MESSAGE : UNAVAILABLE_MESSAGE;
	}

	/**
	 * What the failed answer's headers said, {@link RateLimitSnapshot#EMPTY} when there was no
	 * answer.
	 * @return the snapshot
	 */
	public RateLimitSnapshot rateLimits() {
		return this.rateLimits;
	}

	/**
	 * The {@code request-id} of the failed answer, for support.
	 * @return the id, or {@code null} when there was no answer
	 */
	public String requestId() {
		return this.rateLimits.requestId();
	}

	/**
	 * How long the server asked to wait before trying again.
	 * @return the server's hint, empty when it gave none
	 */
	public Optional<Duration> retryAfter() {
		return Optional.ofNullable(this.rateLimits.retryAfter());
	}

}
