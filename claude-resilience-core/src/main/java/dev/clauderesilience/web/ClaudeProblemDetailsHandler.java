package dev.clauderesilience.web;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import dev.clauderesilience.client.ClaudeException;
import dev.clauderesilience.client.ClaudeFailureClassifier;
import dev.clauderesilience.client.ClaudeRequestValidationException;
import dev.clauderesilience.client.LogSafe;

/**
 * Renders the starter's exceptions as RFC 9457 problem details in a WebFlux application (its
 * twin {@link ClaudeServletProblemDetailsHandler} does the same on Spring MVC): the calm
 * {@link ClaudeException#userMessage()} as detail, never upstream text, and a
 * {@code Retry-After} where waiting helps. It steps aside for a response already committed or
 * a server-sent event stream (where {@link ClaudeServerSentEvents} tells the failure in the
 * stream). Switched on with {@code claude.web.problem-details.enabled=true}. The status is the
 * {@link ClaudeFailureClassifier failure class}'s; by default:
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
 * @since 0.1.0
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ClaudeProblemDetailsHandler {

	private static final Logger logger = LoggerFactory.getLogger(ClaudeProblemDetailsHandler.class);

	private final Duration defaultRetryAfter;

	private final ClaudeFailureClassifier classifier;

	/**
	 * A handler.
	 * @param defaultRetryAfter the {@code Retry-After} sent when a failure gives no hint
	 * @param classifier gives each failure its status
	 */
	public ClaudeProblemDetailsHandler(Duration defaultRetryAfter, ClaudeFailureClassifier classifier) {
		this.defaultRetryAfter = defaultRetryAfter;
		this.classifier = classifier;
	}

	/**
	 * Renders a starter exception, unless the response is a stream or already on its way.
	 * @param ex the exception
	 * @param exchange the exchange
	 * @return the problem response, or nothing when it steps aside
	 */
	@ExceptionHandler(ClaudeException.class)
	public Mono<ResponseEntity<ProblemDetail>> handle(ClaudeException ex, ServerWebExchange exchange) {
		if (exchange.getResponse().isCommitted() || isEventStream(exchange.getRequest().getHeaders().getAccept())
				|| isEventStream(exchange.getResponse().getHeaders().getContentType())) {
			logger.warn("Claude call failed after its stream began: {}", LogSafe.text(ex.toString()));
			return Mono.empty();
		}
		return Mono.just(render(ex));
	}

	static boolean isEventStream(java.util.List<MediaType> types) {
		return types.stream().anyMatch(ClaudeProblemDetailsHandler::isEventStream);
	}

	static boolean isEventStream(MediaType type) {
		return type != null && MediaType.TEXT_EVENT_STREAM.isCompatibleWith(type) && !type.isWildcardType();
	}

	/**
	 * The problem response of a starter exception: its status, calm detail and hints.
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
		logger.warn("Claude call failed, answered {}: {}", status.value(), LogSafe.text(ex.toString()));
		ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
		if (status == HttpStatus.SERVICE_UNAVAILABLE || status == HttpStatus.TOO_MANY_REQUESTS) {
			long seconds = Math.max(1, (long) Math.ceil(ex.retryAfter().orElse(this.defaultRetryAfter).toMillis() / 1000d));
			response.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		}
		return response.body(problem);
	}

}
