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
	 * Whether the same request may succeed if sent again later.
	 * @return {@code true} for transient failures
	 */
	public abstract boolean isRetryable();

	/**
	 * Whether the failure means the assistant cannot answer for now (overload, outage, limits,
	 * a deadline), as opposed to a request that would fail again however long one waits. Such
	 * failures may be answered from a stale cache entry or by a fallback model.
	 * @return {@code true} for availability failures; by default, exactly the retryable ones
	 */
	public boolean isAvailabilityFailure() {
		return isRetryable();
	}

	/**
	 * A calm message for end users, free of upstream detail.
	 * @return the message
	 */
	public String userMessage() {
		return UNAVAILABLE_MESSAGE;
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
