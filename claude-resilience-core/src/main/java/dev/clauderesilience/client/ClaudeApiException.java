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
		ClaudeApiException.RateLimited, ClaudeApiException.SpendCap, ClaudeApiException.ApiError,
		ClaudeApiException.Timeout, ClaudeApiException.Overloaded, ClaudeApiException.UnknownStatus {

	private final int status;

	private final String errorType;

	private final String upstreamMessage;

	private final FailureClass failureClass;

	// the server's x-should-retry overrules the status's own verdict
	ClaudeApiException(ErrorDetails details, FailureClass failureClass) {
		super(describe(details), details.rateLimits(), null);
		Boolean serverSays = details.rateLimits().shouldRetry();
		this.failureClass = (serverSays != null) ? failureClass.withRetryable(serverSays) : failureClass;
		this.status = details.status();
		// upstream text goes to logs: a CR or LF in it must not start a forged line
		this.errorType = LogSafe.text(details.errorType());
		this.upstreamMessage = LogSafe.text(details.message());
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
	public FailureClass failureClass() {
		return this.failureClass;
	}

	/** 400: the request is malformed or invalid; never retried. */
	public static final class InvalidRequest extends ClaudeApiException {

		InvalidRequest(ErrorDetails details) {
			super(details, FailureClass.rejected(FailureClass.Kind.INVALID_REQUEST, 400));
		}

	}

	/** 401: the key is wrong, missing or revoked; never retried, alert. */
	public static final class Authentication extends ClaudeApiException {

		Authentication(ErrorDetails details) {
			super(details, FailureClass.unavailable(FailureClass.Kind.AUTHENTICATION, FailureClass.Fallback.NONE, false));
		}

	}

	/** 402: a billing problem on the account; never retried. */
	public static final class Billing extends ClaudeApiException {

		Billing(ErrorDetails details) {
			super(details, FailureClass.unavailable(FailureClass.Kind.BILLING, FailureClass.Fallback.NONE, false));
		}

	}

	/** 403: the key may not do this, or the content was refused; never retried. */
	public static final class PermissionDenied extends ClaudeApiException {

		PermissionDenied(ErrorDetails details) {
			super(details, FailureClass.rejected(FailureClass.Kind.CONTENT_REFUSED, 422));
		}

	}

	/** 404: e.g. an unknown model; never retried. */
	public static final class NotFound extends ClaudeApiException {

		NotFound(ErrorDetails details) {
			super(details, FailureClass.rejected(FailureClass.Kind.NOT_FOUND, 400));
		}

	}

	/** 409: a conflict; retried. */
	public static final class Conflict extends ClaudeApiException {

		Conflict(ErrorDetails details) {
			super(details, new FailureClass(FailureClass.Kind.CONFLICT, true, false, FailureClass.Fallback.NONE, true,
					FailureClass.CallerGets.CALM, false, 503, false));
		}

	}

	/** 413: the request exceeds the size limit; never retried. */
	public static final class RequestTooLarge extends ClaudeApiException {

		RequestTooLarge(ErrorDetails details) {
			super(details, FailureClass.rejected(FailureClass.Kind.REQUEST_TOO_LARGE, 400));
		}

	}

	/** 429: a rate limit was hit; retried after {@code retry-after}. */
	public static final class RateLimited extends ClaudeApiException {

		// another model of the same class shares the limit: only one of another class may help
		RateLimited(ErrorDetails details) {
			super(details, new FailureClass(FailureClass.Kind.RATE_LIMITED, true, false,
					FailureClass.Fallback.OTHER_RATE_LIMIT_CLASS, true, FailureClass.CallerGets.CALM, false, 503, false));
		}

	}

	/**
	 * The account's spend cap is reached, announced as a 429 ({@code enforced_spend_limit_reached})
	 * or as a 400 ("You have reached your specified API usage limits"): every model of the
	 * account fails until the date in the message, so it is never retried and no fallback model
	 * is tried. {@link #retryAfter()} is the wait until that date when the message gives one.
	 */
	public static final class SpendCap extends ClaudeApiException {

		private static final java.util.regex.Pattern REGAIN = java.util.regex.Pattern
			.compile("regain access on (\\d{4}-\\d{2}-\\d{2})(?: at (\\d{2}:\\d{2}) UTC)?");

		private final java.time.Instant regainsAt;

		// the cap is the account's: no model of it helps, whatever x-should-retry says
		SpendCap(ErrorDetails details) {
			super(details, FailureClass.unavailable(FailureClass.Kind.SPEND_CAP, FailureClass.Fallback.NONE, true)
				.withRealRetryAfter());
			this.regainsAt = regainsAt(details.message());
		}

		static boolean matches(ErrorDetails details) {
			if ("enforced_spend_limit_reached".equals(details.errorCode())) {
				return true;
			}
			String lower = (details.message() != null) ? details.message().toLowerCase(Locale.ROOT) : "";
			if (details.status() == 400) {
				return lower.contains("reached your specified api usage limits");
			}
			return details.status() == 429 && details.rateLimits().retryAfter() == null
					&& (lower.contains("spend limit") || lower.contains("spending limit") || lower.contains("spend cap")
							|| lower.contains("api usage limits"));
		}

		private static java.time.Instant regainsAt(String message) {
			java.util.regex.Matcher matcher = REGAIN.matcher((message != null) ? message : "");
			if (!matcher.find()) {
				return null;
			}
			try {
				java.time.LocalTime time = (matcher.group(2) != null) ? java.time.LocalTime.parse(matcher.group(2))
						: java.time.LocalTime.MIDNIGHT;
				return java.time.LocalDate.parse(matcher.group(1)).atTime(time).toInstant(java.time.ZoneOffset.UTC);
			}
			catch (java.time.DateTimeException ex) {
				return null;
			}
		}

		@Override
		public FailureClass failureClass() {
			return super.failureClass().withRetryable(false);
		}

		/**
		 * When the account regains access, as the message says.
		 * @return the time, or {@code null} when the message names none
		 */
		public java.time.Instant regainsAt() {
			return this.regainsAt;
		}

		@Override
		public java.util.Optional<java.time.Duration> retryAfter() {
			java.time.Instant now = rateLimits().receivedAt();
			if (this.regainsAt == null || now == null) {
				return super.retryAfter();
			}
			java.time.Duration wait = java.time.Duration.between(now, this.regainsAt);
			return java.util.Optional.of(wait.isNegative() ? java.time.Duration.ZERO : wait);
		}

	}

	/** 500 and other 5xx not listed apart (502 and 503 from gateways, often HTML): retried with backoff. */
	public static final class ApiError extends ClaudeApiException {

		// the API does not count a request it failed to serve
		ApiError(ErrorDetails details) {
			super(details, FailureClass.outage(FailureClass.Kind.SERVER_ERROR, true));
		}

	}

	/** 504: the API timed out; retried. */
	public static final class Timeout extends ClaudeApiException {

		Timeout(ErrorDetails details) {
			super(details, FailureClass.outage(FailureClass.Kind.TIMEOUT, true));
		}

	}

	/** 529: the API is overloaded; retried with backoff, a candidate for a fallback model. */
	public static final class Overloaded extends ClaudeApiException {

		Overloaded(ErrorDetails details) {
			super(details, FailureClass.outage(FailureClass.Kind.OVERLOADED, true));
		}

	}

	/** Any other status; retried only when the server says so with {@code x-should-retry}. */
	public static final class UnknownStatus extends ClaudeApiException {

		// retried only when the server says so; the API did something it does not document
		UnknownStatus(ErrorDetails details) {
			super(details, new FailureClass(FailureClass.Kind.UNKNOWN_STATUS, false, false, FailureClass.Fallback.NONE,
					false, FailureClass.CallerGets.REJECTED, false, 502, false));
		}

	}

	record ErrorDetails(int status, String errorType, String message, String errorCode,
			RateLimitSnapshot rateLimits) {
	}

}
