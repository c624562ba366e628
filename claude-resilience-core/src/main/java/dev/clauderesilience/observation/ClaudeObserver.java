package dev.clauderesilience.observation;

import java.time.Duration;

import reactor.core.publisher.Flux;
import reactor.util.context.ContextView;

import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeResponse;
import dev.clauderesilience.client.FailureClass;
import dev.clauderesilience.client.Usage;

/**
 * Told what the pipeline does, for metrics, health and traces. Every method has a no-op default;
 * implementations must be fast and must not throw.
 * <p>
 * Each call begins with {@link #callStarted}: an observer that follows calls one by one (the
 * {@link ClaudeObservationObserver}, whose calls are Micrometer observations) returns an observer
 * of that call alone; one that only counts returns itself. The pipeline then tells the returned
 * observer everything about the call, in this order: waits, retries and fallbacks as they happen,
 * {@link #callAnswered} or {@link #callFailed}, {@link #callEnded}, {@link #tenantCharged}; and
 * the caller subscribes to the call through its {@link #callPublisher}, where a cancellation
 * shows.
 *
 * @since 0.1.0
 */
public interface ClaudeObserver {

	/** An observer that ignores everything. */
	ClaudeObserver NONE = new ClaudeObserver() {
	};

	/**
	 * A call starts (its defaults applied, its tenant resolved).
	 * @param request the request
	 * @param context the caller's Reactor context, where the caller's observation may be
	 * @return the observer to tell about this call: this one, unless it follows calls one by one
	 * @since 0.2.0
	 */
	default ClaudeObserver callStarted(ClaudeRequest request, ContextView context) {
		return this;
	}

	/**
	 * What the caller of one call subscribes to, asked only of an observer that
	 * {@link #callStarted} returned for that call: the pipeline's publisher of the call, with
	 * this observer's operators around it, which must neither change nor delay a signal. The
	 * default adds none. An observation puts itself in the Reactor context of the layers below
	 * and makes itself current while they subscribe (so that the HTTP client's observation is its
	 * child), and ends when the caller cancels before the end.
	 * @param <T> the type of the call's elements
	 * @param call the pipeline's publisher of the call
	 * @return the publisher the caller subscribes to
	 * @since 0.2.0
	 */
	default <T> Flux<T> callPublisher(Flux<T> call) {
		return call;
	}

	/**
	 * The call has its answer, told before {@link #callEnded}.
	 * @param response the answer (of a stream: its {@code message_start} message)
	 * @since 0.2.0
	 */
	default void callAnswered(ClaudeResponse response) {
	}

	/**
	 * The call failed, told before {@link #callEnded}.
	 * @param failure the failure, as the pipeline met it (before it is made calm for the caller)
	 * @param failureClass its class
	 * @since 0.2.0
	 */
	default void callFailed(Throwable failure, FailureClass failureClass) {
	}

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

		// worked out once: every call's meters and observation ask for it
		private final String tag = name().toLowerCase(java.util.Locale.ROOT);

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
			return this.tag;
		}

	}

}
