package dev.clauderesilience.pipeline;

import java.time.Duration;

import dev.clauderesilience.breaker.ClaudeCircuitOpenException;
import dev.clauderesilience.client.ClaudeApiException;
import dev.clauderesilience.client.ClaudeException;
import dev.clauderesilience.client.ClaudeRequestValidationException;
import dev.clauderesilience.client.ClaudeResponseFormatException;
import dev.clauderesilience.client.ClaudeStreamException;
import dev.clauderesilience.client.ClaudeTransportException;
import dev.clauderesilience.client.ClaudeUnavailableException;
import dev.clauderesilience.pipeline.ClaudeObserver.Outcome;
import dev.clauderesilience.ratelimit.CapacityWaitExceededException;
import dev.clauderesilience.ratelimit.DailyTokenBudgetExceededException;
import dev.clauderesilience.ratelimit.RequestExceedsLimitException;
import dev.clauderesilience.ratelimit.TenantBudgetExceededException;

/**
 * Classifies failures: the outcome word for metrics, the retry reason, and whether the caller
 * gets the failure itself or the calm {@link ClaudeUnavailableException}.
 */
final class Outcomes {

	private Outcomes() {
	}

	static Outcome of(Throwable failure) {
		if (failure instanceof ClaudeApiException.RateLimited) {
			return Outcome.RATE_LIMITED;
		}
		if (failure instanceof ClaudeApiException.Overloaded) {
			return Outcome.OVERLOADED;
		}
		if (failure instanceof ClaudeApiException api) {
			return (api.status() >= 500) ? Outcome.SERVER_ERROR : Outcome.CLIENT_ERROR;
		}
		if (failure instanceof ClaudeRequestValidationException || failure instanceof RequestExceedsLimitException) {
			return Outcome.CLIENT_ERROR;
		}
		if (failure instanceof CapacityWaitExceededException || failure instanceof DailyTokenBudgetExceededException
				|| failure instanceof TenantBudgetExceededException || failure instanceof ClaudeCircuitOpenException) {
			return Outcome.REJECTED_LOCALLY;
		}
		if (failure instanceof ClaudeTransportException || failure instanceof ClaudeResponseFormatException
				|| failure instanceof ClaudeStreamException) {
			return Outcome.SERVER_ERROR;
		}
		return Outcome.UNAVAILABLE;
	}

	static String reason(Throwable failure) {
		if (failure instanceof ClaudeApiException api) {
			return api.errorType().matches("[a-z_]{1,40}") ? api.errorType() : "status_" + api.status();
		}
		if (failure instanceof ClaudeStreamException) {
			return "stream_error";
		}
		if (failure instanceof ClaudeTransportException transport) {
			return transport.isTimeout() ? "timeout" : "connection_error";
		}
		if (failure instanceof ClaudeResponseFormatException) {
			return "malformed_response";
		}
		return "other";
	}

	/**
	 * What the caller gets: the failure itself when the request was at fault (400, 403, 404,
	 * 413, a local validation), otherwise the calm unavailable exception carrying it.
	 */
	static Throwable calm(Throwable failure, String unavailableMessage, Duration maxPause) {
		if (!(failure instanceof ClaudeException ex) || failure instanceof ClaudeUnavailableException) {
			return failure;
		}
		boolean callersFault = ex instanceof ClaudeApiException.InvalidRequest
				|| ex instanceof ClaudeApiException.PermissionDenied || ex instanceof ClaudeApiException.NotFound
				|| ex instanceof ClaudeApiException.RequestTooLarge || ex instanceof ClaudeRequestValidationException
				|| ex instanceof RequestExceedsLimitException || ex instanceof ClaudeApiException.UnknownStatus;
		// a tenant over its own budget is told so (and when it renews), not that the assistant is down
		if (callersFault || ex instanceof TenantBudgetExceededException
				|| (ex instanceof ClaudeStreamException stream && stream.contentReceived())) {
			return failure;
		}
		// a server's hint beyond the longest pause is not passed on; a daily budget's reset is real
		Duration retryAfter = ex.retryAfter()
			.map((wait) -> (ex instanceof DailyTokenBudgetExceededException || ex instanceof ClaudeApiException.SpendCap
					|| wait.compareTo(maxPause) <= 0) ? wait : maxPause)
			.orElse(null);
		return new ClaudeUnavailableException(unavailableMessage, retryAfter, ex);
	}

}
