package dev.clauderesilience.client;

import java.util.Locale;


/**
 * The API answered with an error status. One subtype per row of the API's error table; the
 * status decides the type, {@link #errorType()} keeps what the body said.
 *
 * @since 0.1.0
 */
public abstract sealed class ClaudeApiException extends ClaudeException permits ClaudeApiException.InvalidRequest,
		ClaudeApiException.Authentication, ClaudeApiException.Billing, ClaudeApiException.PermissionDenied,
		ClaudeApiException.NotFound, ClaudeApiException.Conflict, ClaudeApiException.RequestTooLarge,
		ClaudeApiException.RateLimited, ClaudeApiException.ApiError, ClaudeApiException.Timeout,
		ClaudeApiException.Overloaded, ClaudeApiException.UnknownStatus {

	private final int status;

	private final String errorType;

	private final String upstreamMessage;

	private final boolean retryable;

	private final String userMessage;

	ClaudeApiException(ErrorDetails details, boolean retryable, String userMessage) {
		super(describe(details), details.rateLimits(), null);
		this.status = details.status();
		// upstream text goes to logs: a CR or LF in it must not start a forged line
		this.errorType = LogSafe.text(details.errorType());
		this.upstreamMessage = LogSafe.text(details.message());
		this.retryable = retryable;
		this.userMessage = userMessage;
	}

	private static String describe(ErrorDetails details) {
		return String.format(Locale.ROOT, "Claude API answered %d %s: %s (request-id %s)", details.status(),
				LogSafe.text(details.errorType()), LogSafe.text(details.message()), details.rateLimits().requestId());
	}

	/**
	 * The HTTP status.
	 * @return the status
	 */
	public int status() {
		return this.status;
	}

	/**
	 * The body's {@code error.type}, or a type derived from the status when the body had none.
	 * @return e.g. {@code overloaded_error}
	 */
	public String errorType() {
		return this.errorType;
	}

	/**
	 * The body's {@code error.message}, for logs only.
	 * @return the upstream message
	 */
	public String upstreamMessage() {
		return this.upstreamMessage;
	}

	@Override
	public boolean isRetryable() {
		return this.retryable;
	}

	@Override
	public String userMessage() {
		return this.userMessage;
	}

	/** 400: the request is malformed or invalid; never retried. */
	public static final class InvalidRequest extends ClaudeApiException {

		InvalidRequest(ErrorDetails details) {
			super(details, false, REJECTED_MESSAGE);
		}

	}

	/** 401: the key is wrong, missing or revoked; never retried, alert. */
	public static final class Authentication extends ClaudeApiException {

		Authentication(ErrorDetails details) {
			super(details, false, UNAVAILABLE_MESSAGE);
		}

	}

	/** 402: a billing problem on the account; never retried. */
	public static final class Billing extends ClaudeApiException {

		Billing(ErrorDetails details) {
			super(details, false, UNAVAILABLE_MESSAGE);
		}

	}

	/** 403: the key may not do this, or the content was refused; never retried. */
	public static final class PermissionDenied extends ClaudeApiException {

		PermissionDenied(ErrorDetails details) {
			super(details, false, REJECTED_MESSAGE);
		}

	}

	/** 404: e.g. an unknown model; never retried. */
	public static final class NotFound extends ClaudeApiException {

		NotFound(ErrorDetails details) {
			super(details, false, UNAVAILABLE_MESSAGE);
		}

	}

	/** 409: a conflict; retried. */
	public static final class Conflict extends ClaudeApiException {

		Conflict(ErrorDetails details) {
			super(details, true, UNAVAILABLE_MESSAGE);
		}

	}

	/** 413: the request exceeds the size limit; never retried. */
	public static final class RequestTooLarge extends ClaudeApiException {

		RequestTooLarge(ErrorDetails details) {
			super(details, false, REJECTED_MESSAGE);
		}

	}

	/**
	 * 429: a rate limit was hit (retried after {@code retry-after}), or the monthly spend cap
	 * was reached (never retried: it fails until the date in the message).
	 */
	public static final class RateLimited extends ClaudeApiException {

		private final boolean spendCap;

		RateLimited(ErrorDetails details) {
			this(details, isSpendCap(details));
		}

		private RateLimited(ErrorDetails details, boolean spendCap) {
			super(details, !spendCap, UNAVAILABLE_MESSAGE);
			this.spendCap = spendCap;
		}

		private static boolean isSpendCap(ErrorDetails details) {
			if ("enforced_spend_limit_reached".equals(details.errorCode())) {
				return true;
			}
			String lower = (details.message() != null) ? details.message().toLowerCase(Locale.ROOT) : "";
			return details.rateLimits().retryAfter() == null && (lower.contains("spend limit")
					|| lower.contains("spending limit") || lower.contains("spend cap"));
		}

		/**
		 * Whether this is the monthly spend cap rather than a per-minute limit.
		 * @return {@code true} for the spend cap
		 */
		public boolean isSpendCap() {
			return this.spendCap;
		}

	}

	/** 500 and other 5xx not listed apart (502 and 503 from gateways, often HTML): retried with backoff. */
	public static final class ApiError extends ClaudeApiException {

		ApiError(ErrorDetails details) {
			super(details, true, UNAVAILABLE_MESSAGE);
		}

	}

	/** 504: the API timed out; retried. */
	public static final class Timeout extends ClaudeApiException {

		Timeout(ErrorDetails details) {
			super(details, true, UNAVAILABLE_MESSAGE);
		}

	}

	/** 529: the API is overloaded; retried with backoff, a candidate for a fallback model. */
	public static final class Overloaded extends ClaudeApiException {

		Overloaded(ErrorDetails details) {
			super(details, true, UNAVAILABLE_MESSAGE);
		}

	}

	/** Any other status; retried only when the server says so with {@code x-should-retry}. */
	public static final class UnknownStatus extends ClaudeApiException {

		UnknownStatus(ErrorDetails details) {
			super(details, Boolean.TRUE.equals(details.rateLimits().shouldRetry()), REJECTED_MESSAGE);
		}

	}

	record ErrorDetails(int status, String errorType, String message, String errorCode,
			RateLimitSnapshot rateLimits) {
	}

}
