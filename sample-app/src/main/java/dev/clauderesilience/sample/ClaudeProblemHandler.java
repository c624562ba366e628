package dev.clauderesilience.sample;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;

import dev.clauderesilience.client.ClaudeApiException;
import dev.clauderesilience.client.ClaudeException;
import dev.clauderesilience.client.ClaudeRequestValidationException;

/**
 * The one place that turns failures into {@code application/problem+json} answers. The detail
 * is always the exception's calm {@link ClaudeException#userMessage() user message}; the real
 * cause, with its request-id, goes to the log only.
 */
@RestControllerAdvice
class ClaudeProblemHandler extends ResponseEntityExceptionHandler {

	static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(30);

	private static final Log logger = LogFactory.getLog(ClaudeProblemHandler.class);

	@ExceptionHandler(ClaudeException.class)
	ResponseEntity<ProblemDetail> handleClaudeException(ClaudeException ex) {
		HttpStatus status = statusFor(ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, ex.userMessage());
		if (status != HttpStatus.SERVICE_UNAVAILABLE) {
			logger.warn("Claude rejected the request: " + ex.getMessage());
			return ResponseEntity.status(status).body(problem);
		}
		if (ex instanceof ClaudeApiException.Authentication || ex instanceof ClaudeApiException.Billing) {
			// the operators must act: the key or the account is broken, every call will fail
			logger.error("Claude cannot be used until the configuration is fixed: " + ex.getMessage());
		}
		else {
			logger.warn("Claude is unavailable: " + ex.getMessage());
		}
		return ResponseEntity.status(status)
			.header(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds(ex)))
			.body(problem);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> handleUnexpected(Exception ex) {
		logger.error("Unexpected failure", ex);
		return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
					"Sorry, something went wrong on our side. Please try again, or contact support."));
	}

	static HttpStatus statusFor(ClaudeException ex) {
		// content refused upstream: the user can rephrase
		if (ex instanceof ClaudeApiException.PermissionDenied) {
			return HttpStatus.UNPROCESSABLE_ENTITY;
		}
		// the API rejected what this application sent: a bad gateway, not the user's fault
		if (ex instanceof ClaudeApiException.InvalidRequest || ex instanceof ClaudeApiException.NotFound
				|| ex instanceof ClaudeApiException.RequestTooLarge || ex instanceof ClaudeRequestValidationException) {
			return HttpStatus.BAD_GATEWAY;
		}
		// everything else (limits, overload, 5xx, network, broken answers, and a broken key or
		// account) means the assistant is unavailable for now
		return HttpStatus.SERVICE_UNAVAILABLE;
	}

	static long retryAfterSeconds(ClaudeException ex) {
		Duration retryAfter = ex.retryAfter().orElse(DEFAULT_RETRY_AFTER);
		long seconds = retryAfter.toSeconds() + ((retryAfter.toNanosPart() > 0) ? 1 : 0);
		return Math.max(1, seconds);
	}

}
