package dev.clauderesilience.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;

import dev.clauderesilience.client.ClaudeException;
import dev.clauderesilience.client.LogSafe;

/**
 * Renders the starter's exceptions as {@link ClaudeProblemDetails problem details} in a WebFlux
 * application (its twin {@link ClaudeServletProblemDetailsHandler} does the same on Spring MVC),
 * stepping aside for a response already committed or a server-sent event stream (where
 * {@link ClaudeServerSentEvents} tells the failure in the stream). Switched on with
 * {@code claude.web.problem-details.enabled=true}.
 *
 * @since 0.1.0
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ClaudeProblemDetailsHandler {

	private static final Logger logger = LoggerFactory.getLogger(ClaudeProblemDetailsHandler.class);

	private final ClaudeProblemDetails problems;

	/**
	 * A handler.
	 * @param problems renders the problem
	 */
	public ClaudeProblemDetailsHandler(ClaudeProblemDetails problems) {
		this.problems = problems;
	}

	/**
	 * Renders a starter exception, unless the response is a stream or already on its way.
	 * @param ex the exception
	 * @param exchange the exchange
	 * @return the problem response, or nothing when it steps aside
	 */
	@ExceptionHandler(ClaudeException.class)
	public Mono<ResponseEntity<ProblemDetail>> handle(ClaudeException ex, ServerWebExchange exchange) {
		if (exchange.getResponse().isCommitted()
				|| ClaudeProblemDetails.isEventStream(exchange.getRequest().getHeaders().getAccept())
				|| ClaudeProblemDetails.isEventStream(exchange.getResponse().getHeaders().getContentType())) {
			logger.warn("Claude call failed after its stream began: {}", LogSafe.text(ex.toString()));
			return Mono.empty();
		}
		return Mono.just(this.problems.render(ex));
	}

}
