package dev.clauderesilience.client;

import java.util.Locale;

/**
 * How every layer of the pipeline treats a failure, decided once per kind of failure: whether
 * the same model is tried again, whether it counts toward opening the model's breaker, which
 * fallback models may answer instead, whether a stale cached answer may, what the caller gets (the
 * failure itself or the calm unavailable exception, and which calm message), whether the API counted
 * the request, and the HTTP status problem details answer with. Each {@link ClaudeException}
 * declares its class; a {@link ClaudeFailureClassifier} reads it (and may overrule it).
 *
 * @param kind what went wrong, in a fixed vocabulary (a metric tag)
 * @param retryable whether the same request to the same model may succeed if sent again
 * @param breakerFailure whether it is a sign that the model is failing (counts for its breaker)
 * @param fallback which fallback models may answer instead
 * @param servesStale whether an expired cached answer may be served instead
 * @param callerGets what the caller gets
 * @param requestRefunded whether the API did not count the request against its limit (or it was
 * never sent), so the request goes back to the limiter
 * @param httpStatus the status a problem-details response answers with
 * @param realRetryAfter whether its {@code retryAfter()} is a real reset (a budget's, the spend
 * cap's), passed on to callers whatever its length
 * @since 0.2.0
 */
public record FailureClass(Kind kind, boolean retryable, boolean breakerFailure, Fallback fallback,
		boolean servesStale, CallerGets callerGets, boolean requestRefunded, int httpStatus, boolean realRetryAfter) {

	/** A failure that is no {@link ClaudeException}: a bug, passed on as it is. */
	public static final FailureClass UNEXPECTED = new FailureClass(Kind.UNEXPECTED, false, false, Fallback.NONE, false,
			CallerGets.AS_IS, false, 500, false);

	/**
	 * The class of an outage of the model: retried, counted by its breaker, any fallback model
	 * may answer, a stale answer may be served.
	 * @param kind the kind
	 * @param requestRefunded whether the API did not count the request
	 * @return the class
	 */
	public static FailureClass outage(Kind kind, boolean requestRefunded) {
		return new FailureClass(kind, true, true, Fallback.ANY_MODEL, true, CallerGets.CALM, requestRefunded, 503,
				false);
	}

	/**
	 * The class of a request at fault: never retried, the caller gets the failure, told its
	 * request could not be processed.
	 * @param kind the kind
	 * @param httpStatus the status problem details answer with
	 * @return the class
	 */
	public static FailureClass rejected(Kind kind, int httpStatus) {
		return new FailureClass(kind, false, false, Fallback.NONE, false, CallerGets.REJECTED, false, httpStatus, false);
	}

	/**
	 * The class of an assistant that cannot answer for now for a reason no retry of the same
	 * model fixes: the caller gets the calm unavailable message.
	 * @param kind the kind
	 * @param fallback which fallback models may answer instead
	 * @param servesStale whether a stale cached answer may be served
	 * @return the class
	 */
	public static FailureClass unavailable(Kind kind, Fallback fallback, boolean servesStale) {
		return new FailureClass(kind, false, false, fallback, servesStale, CallerGets.CALM, false, 503, false);
	}

	/**
	 * Whether the request itself is at fault: the caller gets the failure, told its request could
	 * not be processed.
	 * @return {@code true} for {@link CallerGets#REJECTED}
	 */
	public boolean callersFault() {
		return this.callerGets == CallerGets.REJECTED;
	}

	/**
	 * This class with another retry verdict (the server's {@code x-should-retry}, say).
	 * @param retryable whether to retry
	 * @return the class
	 */
	public FailureClass withRetryable(boolean retryable) {
		return new FailureClass(this.kind, retryable, this.breakerFailure, this.fallback, this.servesStale,
				this.callerGets, this.requestRefunded, this.httpStatus, this.realRetryAfter);
	}

	/**
	 * This class with its {@code retryAfter()} marked as a real reset.
	 * @return the class
	 */
	public FailureClass withRealRetryAfter() {
		return new FailureClass(this.kind, this.retryable, this.breakerFailure, this.fallback, this.servesStale,
				this.callerGets, this.requestRefunded, this.httpStatus, true);
	}

	/**
	 * What went wrong, in a fixed vocabulary.
	 */
	public enum Kind {

		/** 400, or refused before sending as the API would. */
		INVALID_REQUEST,

		/** 401. */
		AUTHENTICATION,

		/** No API key is configured. */
		API_KEY_MISSING,

		/** 402. */
		BILLING,

		/** 403: the content was refused. */
		CONTENT_REFUSED,

		/** 404: an unknown model, say. */
		NOT_FOUND,

		/** 409. */
		CONFLICT,

		/** 413, or larger than a whole minute of a limit. */
		REQUEST_TOO_LARGE,

		/** 429: a rate limit. */
		RATE_LIMITED,

		/** The account's spend cap. */
		SPEND_CAP,

		/** 500 and other 5xx. */
		SERVER_ERROR,

		/** 504, or no answer in time. */
		TIMEOUT,

		/** 529. */
		OVERLOADED,

		/** A status the API does not document. */
		UNKNOWN_STATUS,

		/** The connection was refused or reset. */
		CONNECTION,

		/** This process's own connection pool was full: the request never left. */
		LOCAL_OVERLOAD,

		/** A 200 whose body is not a usable message. */
		MALFORMED_RESPONSE,

		/** A stream that failed after it began. */
		STREAM,

		/** The client-side limits had no room within the wait allowed. */
		CAPACITY,

		/** The client's daily token budget is spent. */
		DAILY_BUDGET,

		/** A tenant's daily token budget is spent. */
		TENANT_BUDGET,

		/** The model's circuit breaker is open. */
		CIRCUIT_OPEN,

		/** The call's deadline passed. */
		DEADLINE,

		/** Nothing could answer (the calm exception carrying the real failure). */
		UNAVAILABLE,

		/** Not a Claude failure at all: a bug. */
		UNEXPECTED;

		/**
		 * The tag value.
		 * @return the lower-case name
		 */
		public String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/**
	 * What the caller gets once nothing else could answer.
	 */
	public enum CallerGets {

		/** The failure itself, its request at fault: "could not be processed". */
		REJECTED,

		/**
		 * The failure itself, with the unavailable message: a stream broken after its content
		 * began (the caller keeps the partial text), a tenant's budget (with its reset).
		 */
		AS_IS,

		/** The calm {@link ClaudeUnavailableException}, carrying the failure for logs. */
		CALM

	}

	/**
	 * Which fallback models may answer after a failure.
	 */
	public enum Fallback {

		/** Any: the model is failing. */
		ANY_MODEL,

		/** Only one of another rate-limit class: models of the same class share the limit. */
		OTHER_RATE_LIMIT_CLASS,

		/** None: the request, the account or the tenant is at fault, whatever the model. */
		NONE

	}

}
