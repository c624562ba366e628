package dev.clauderesilience.observation;

import java.time.Duration;

import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.FailureClass;
import dev.clauderesilience.client.Usage;

/**
 * Told what the pipeline does, for metrics and health. Every method has a no-op default;
 * implementations must be fast and must not throw.
 *
 * @since 0.1.0
 */
public interface ClaudeObserver {

	/** An observer that ignores everything. */
	ClaudeObserver NONE = new ClaudeObserver() {
	};

	/**
	 * A call ended.
	 * @param requestedModel the model asked for
	 * @param answeredModel the model that answered, or {@code null} when none did
	 * @param outcome how it ended
	 * @param duration how long it took end to end
	 * @param usage the tokens the answer used ({@link Usage#NONE} without an answer)
	 */
	default void callEnded(String requestedModel, String answeredModel, Outcome outcome, Duration duration,
			Usage usage) {
	}

	/**
	 * An attempt failed and will be retried.
	 * @param model the model
	 * @param reason a short fixed word: the error type, e.g. {@code overloaded_error}
	 */
	default void retrying(String model, String reason) {
	}

	/**
	 * A call moves on to a fallback model.
	 * @param from the model that failed
	 * @param to the model tried next
	 */
	default void fallingBack(String from, String to) {
	}

	/**
	 * A tenant's call was answered (only for calls that name a tenant).
	 * @param tenant the tenant id, as a caller or the tenant resolver gave it
	 * @param usage the tokens the answer used
	 */
	default void tenantCharged(String tenant, Usage usage) {
	}

	/**
	 * A call waited for capacity.
	 * @param model the model
	 * @param lane the lane it waited in
	 * @param waited how long
	 */
	default void waitedForCapacity(String model, ClaudeRequest.Priority lane, Duration waited) {
	}

	/**
	 * How a call ended, in fixed words suitable as metric tags.
	 */
	enum Outcome {

		/** Answered by the model asked for. */
		SUCCESS,

		/** Answered from the cache. */
		CACHE_HIT,

		/** Answered from an expired cache entry because the API could not answer. */
		STALE,

		/** Answered by a fallback model. */
		FALLBACK,

		/** Failed on a 429. */
		RATE_LIMITED,

		/** Failed on a 4xx other than 429, or a request rejected before sending. */
		CLIENT_ERROR,

		/** Failed on a 5xx or a transport error. */
		SERVER_ERROR,

		/** Failed on a 529. */
		OVERLOADED,

		/** Refused by the client-side limits, budget or breaker without a request. */
		REJECTED_LOCALLY,

		/** Failed for any other availability reason. */
		UNAVAILABLE;

		/**
		 * How a call that failed this way ended.
		 * @param failure the class of the failure
		 * @return the outcome
		 */
		public static Outcome of(FailureClass failure) {
			return switch (failure.kind()) {
				case RATE_LIMITED -> RATE_LIMITED;
				case OVERLOADED -> OVERLOADED;
				case SERVER_ERROR, TIMEOUT, CONNECTION, MALFORMED_RESPONSE, STREAM -> SERVER_ERROR;
				case CAPACITY, DAILY_BUDGET, TENANT_BUDGET, CIRCUIT_OPEN, LOCAL_OVERLOAD -> REJECTED_LOCALLY;
				case INVALID_REQUEST, CONTENT_REFUSED, NOT_FOUND, REQUEST_TOO_LARGE, UNKNOWN_STATUS, AUTHENTICATION,
						API_KEY_MISSING, BILLING, CONFLICT, SPEND_CAP -> CLIENT_ERROR;
				case DEADLINE, UNAVAILABLE, UNEXPECTED -> UNAVAILABLE;
			};
		}

		/**
		 * The tag value.
		 * @return the lower-case name
		 */
		public String tag() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

}
