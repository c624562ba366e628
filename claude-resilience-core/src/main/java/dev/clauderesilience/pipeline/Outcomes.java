package dev.clauderesilience.pipeline;

import java.time.Duration;

import dev.clauderesilience.client.ClaudeApiException;
import dev.clauderesilience.client.ClaudeException;
import dev.clauderesilience.client.ClaudeUnavailableException;
import dev.clauderesilience.client.FailureClass;

/**
 * What a failure comes to for the caller and in the retry reason, from its class.
 */
final class Outcomes {

	private Outcomes() {
	}

	static String reason(Throwable failure, FailureClass failureClass) {
		if (failure instanceof ClaudeApiException api) {
			return api.errorType().matches("[a-z_]{1,40}") ? api.errorType() : "status_" + api.status();
		}
		return switch (failureClass.kind()) {
			case STREAM -> "stream_error";
			case TIMEOUT -> "timeout";
			case CONNECTION, LOCAL_OVERLOAD -> "connection_error";
			case MALFORMED_RESPONSE -> "malformed_response";
			default -> "other";
		};
	}

	/**
	 * What the caller gets: the failure itself where its class says so, otherwise the calm
	 * unavailable exception carrying it, its {@code retryAfter} bounded by the longest pause
	 * unless it is a real reset.
	 */
	static Throwable calm(Throwable failure, FailureClass failureClass, String unavailableMessage, Duration maxPause) {
		if (!(failure instanceof ClaudeException ex) || failure instanceof ClaudeUnavailableException
				|| failureClass.callerGets() != FailureClass.CallerGets.CALM) {
			return failure;
		}
		Duration retryAfter = ex.retryAfter()
			.map((wait) -> (failureClass.realRetryAfter() || wait.compareTo(maxPause) <= 0) ? wait : maxPause)
			.orElse(null);
		return new ClaudeUnavailableException(unavailableMessage, retryAfter, ex);
	}

}
