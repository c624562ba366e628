package dev.clauderesilience.sample;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;

/**
 * Problem details for what the starter's own handler does not cover. The starter renders its
 * exceptions ({@code claude.web.problem-details.enabled=true} in application.yml: 503 with
 * Retry-After, 429, 422, 400, the calm message, never upstream text); this adds the sample's own
 * 400s and a calm 500 for anything unexpected.
 */
@RestControllerAdvice
class ClaudeProblemHandler extends ResponseEntityExceptionHandler {

	private static final Log logger = LogFactory.getLog(ClaudeProblemHandler.class);

	// a body that does not fit the contract: say which field, never echo the value
	@Override
	protected Mono<ResponseEntity<Object>> handleServerWebInputException(ServerWebInputException ex,
			HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		String field = JsonFieldPath.of(ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, (field != null)
				? "The field '" + field + "' has the wrong type or format." : "The request body is not valid JSON.");
		if (field != null) {
			problem.setProperty("field", field);
		}
		return Mono.just(ResponseEntity.badRequest().body(problem));
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> handleUnexpected(Exception ex) {
		logger.error("Unexpected failure", ex);
		return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
					"Sorry, something went wrong on our side. Please try again, or contact support."));
	}

}
