package dev.clauderesilience.client;

import java.util.Set;


/**
 * A stream that began (HTTP 200) and then failed: an {@code error} event arrived, or the
 * connection broke before {@code message_stop}. Carries the text received so far.
 *
 * @since 0.1.0
 */
public final class ClaudeStreamException extends ClaudeException {

	/** The error type given to a stream whose connection ended before {@code message_stop}. */
	public static final String INTERRUPTED = "stream_interrupted";

	private static final Set<String> TRANSIENT_TYPES = Set.of("overloaded_error", "api_error", "timeout_error",
			"rate_limit_error", INTERRUPTED);

	private final String errorType;

	private final String partialText;

	private final boolean contentReceived;

	ClaudeStreamException(String errorType, String upstreamMessage, String partialText, boolean contentReceived,
			RateLimitSnapshot rateLimits, Throwable cause) {
		super("Claude stream failed with " + LogSafe.text(errorType) + ": " + LogSafe.text(upstreamMessage)
				+ " (request-id " + ((rateLimits != null) ? rateLimits.requestId() : null) + ")", rateLimits, cause);
		this.errorType = LogSafe.text(errorType);
		this.partialText = partialText;
		this.contentReceived = contentReceived;
	}

	/**
	 * The {@code error.type} of the error event, or {@link #INTERRUPTED}.
	 * @return the error type
	 */
	public String errorType() {
		return this.errorType;
	}

	/**
	 * The text the stream delivered before it failed.
	 * @return the partial text, possibly empty
	 */
	public String partialText() {
		return this.partialText;
	}

	/**
	 * Whether content had reached the caller before the failure (a retry would repeat it).
	 * @return {@code true} once a content block had started
	 */
	public boolean contentReceived() {
		return this.contentReceived;
	}

	/**
	 * Whether sending the request again may succeed (an overload, a lost connection), even when
	 * part of the answer already arrived: the pipeline does not retry such a stream (its
	 * {@link #failureClass() class} says so), but its caller may start it again.
	 * @return {@code true} for transient failures
	 */
	@Override
	public boolean isRetryable() {
		return TRANSIENT_TYPES.contains(this.errorType);
	}

	@Override
	public FailureClass failureClass() {
		boolean transientType = TRANSIENT_TYPES.contains(this.errorType);
		boolean rateLimited = "rate_limit_error".equals(this.errorType);
		if (this.contentReceived) {
			// the caller already has part of the answer: a retry or another model would repeat it
			return new FailureClass(FailureClass.Kind.STREAM, false, transientType && !rateLimited,
					FailureClass.Fallback.NONE, false, FailureClass.CallerGets.AS_IS, false, 503, false);
		}
		if (!transientType) {
			return FailureClass.unavailable(FailureClass.Kind.STREAM, FailureClass.Fallback.NONE, false);
		}
		return new FailureClass(rateLimited ? FailureClass.Kind.RATE_LIMITED : FailureClass.Kind.STREAM, true,
				!rateLimited, rateLimited ? FailureClass.Fallback.OTHER_RATE_LIMIT_CLASS : FailureClass.Fallback.ANY_MODEL,
				true, FailureClass.CallerGets.CALM, false, 503, false);
	}

}
