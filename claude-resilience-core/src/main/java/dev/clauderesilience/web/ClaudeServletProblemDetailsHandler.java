package dev.clauderesilience.web;

import java.util.Collections;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.clauderesilience.client.ClaudeException;
import dev.clauderesilience.client.LogSafe;

/**
 * Renders the starter's exceptions as {@link ClaudeProblemDetails problem details} in a Spring
 * MVC application, as {@link ClaudeProblemDetailsHandler} does on WebFlux, stepping aside for a response
 * already committed or a server-sent event stream. Switched on with
 * {@code claude.web.problem-details.enabled=true}.
 *
 * @since 0.2.0
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ClaudeServletProblemDetailsHandler {

	private static final Logger logger = LoggerFactory.getLogger(ClaudeServletProblemDetailsHandler.class);

	private final ClaudeProblemDetails problems;

	/**
	 * A handler.
	 * @param problems renders the problem
	 */
	public ClaudeServletProblemDetailsHandler(ClaudeProblemDetails problems) {
		this.problems = problems;
	}

	/**
	 * Renders a starter exception, unless the response is a stream or already on its way.
	 * @param ex the exception
	 * @param request the request
	 * @param response the response
	 * @return the problem response, or {@code null} (handled, nothing more written) when it steps
	 * aside
	 */
	@ExceptionHandler(ClaudeException.class)
	public ResponseEntity<ProblemDetail> handle(ClaudeException ex, HttpServletRequest request,
			HttpServletResponse response) {
		boolean stream = ClaudeProblemDetails.isEventStream(
				MediaType.parseMediaTypes(Collections.list(request.getHeaders("Accept"))))
				|| (response.getContentType() != null
						&& ClaudeProblemDetails.isEventStream(MediaType.parseMediaType(response.getContentType())));
		if (response.isCommitted() || stream) {
			logger.warn("Claude call failed after its stream began: {}", LogSafe.text(ex.toString()));
			return null;
		}
		return this.problems.render(ex);
	}

}
