package dev.clauderesilience.web;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import dev.clauderesilience.client.ClaudeException;
import dev.clauderesilience.client.ClaudeFailureClassifier;
import dev.clauderesilience.client.ClaudeRequestValidationException;
import dev.clauderesilience.client.LogSafe;
import dev.clauderesilience.ratelimit.RequestExceedsLimitException;

/**
 * The RFC 9457 problem response of a starter exception, for both web stacks'
 * advices ({@link ClaudeProblemDetailsHandler} on WebFlux, {@link ClaudeServletProblemDetailsHandler}
 * on Spring MVC): the calm {@link ClaudeException#userMessage()} as detail, never upstream text,
 * the {@code request-id} for support, the field at fault where it is known, and a
 * {@code Retry-After} where waiting helps. The status is the {@link ClaudeFailureClassifier
 * failure class}'s; by default:
 * <ul>
 * <li>content refused upstream (403): 422;</li>
 * <li>a tenant's daily budget used up: 429 with {@code Retry-After} until it renews;</li>
 * <li>the caller's mistake: a request invalid for the API version or refused before sending (a
 * blank or disallowed model, max_tokens out of range, larger than a whole minute of a limit),
 * or one the API rejected (400, 404, 413): 400, naming the field where it is known;</li>
 * <li>a status the API does not document: 502;</li>
 * <li>anything else (nothing could answer): 503 with {@code Retry-After}.</li>
 * </ul>
 *
 * @since 0.2.0
 */
public class ClaudeProblemDetails {

	private static final Logger logger = LoggerFactory.getLogger(ClaudeProblemDetails.class);

	private final Duration defaultRetryAfter;

	private final ClaudeFailureClassifier classifier;

	/**
	 * A renderer.
	 * @param defaultRetryAfter the {@code Retry-After} sent when a failure gives no hint
	 * @param classifier gives each failure its status
	 */
	public ClaudeProblemDetails(Duration defaultRetryAfter, ClaudeFailureClassifier classifier) {
		this.defaultRetryAfter = defaultRetryAfter;
		this.classifier = classifier;
	}

	/**
	 * The problem response of a starter exception.
	 * @param ex the exception
	 * @return the response
	 */
	public ResponseEntity<ProblemDetail> render(ClaudeException ex) {
		HttpStatus status = HttpStatus.valueOf(this.classifier.classify(ex).httpStatus());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, ex.userMessage());
		if (ex.requestId() != null) {
			problem.setProperty("requestId", ex.requestId());
		}
		if (ex instanceof ClaudeRequestValidationException invalid) {
			problem.setProperty("field", invalid.field());
		}
		else if (ex instanceof RequestExceedsLimitException tooLarge) {
			problem.setProperty("field", tooLarge.field());
		}
		else if (ex instanceof RequestExceedsLimitException tooLarge) {
			problem.setProperty("field", tooLarge.field());
		}
		logger.warn("Claude call failed, answered {}: {}", status.value(), LogSafe.text(ex.toString()));
		ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
		if (status == HttpStatus.SERVICE_UNAVAILABLE || status == HttpStatus.TOO_MANY_REQUESTS) {
			response.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds(ex.retryAfter().orElse(this.defaultRetryAfter))));
		}
		return response.body(problem);
	}

	/**
	 * Whether a response is (or is asked to be) a server-sent event stream, where the failure is
	 * told in the stream ({@link ClaudeServerSentEvents}) rather than as a problem.
	 * @param types the accepted or given content types
	 * @return {@code true} for an event stream
	 */
	static boolean isEventStream(List<MediaType> types) {
		return types.stream().anyMatch(ClaudeProblemDetails::isEventStream);
	}

	static boolean isEventStream(MediaType type) {
		return type != null && MediaType.TEXT_EVENT_STREAM.isCompatibleWith(type) && !type.isWildcardType();
	}

	// whole seconds, rounded up, at least 1; saturated rather than overflowing
	static long seconds(Duration wait) {
		long seconds = wait.getSeconds();
		if (wait.getNano() > 0 && seconds < Long.MAX_VALUE) {
			seconds++;
		}
		return Math.max(1, seconds);
	}

}
