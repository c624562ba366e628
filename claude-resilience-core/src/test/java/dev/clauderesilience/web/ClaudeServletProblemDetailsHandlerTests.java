package dev.clauderesilience.web;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import dev.clauderesilience.client.ClaudeException;
import dev.clauderesilience.client.ClaudeFailureClassifier;
import dev.clauderesilience.client.ClaudeUnavailableException;
import dev.clauderesilience.client.TestFailures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Spring MVC advice: a problem for an ordinary request, and nothing at all (so that Spring
 * MVC does not try to write a problem as {@code text/event-stream}, or after the stream's first
 * bytes) for a server-sent event stream or a response already on its way.
 */
class ClaudeServletProblemDetailsHandlerTests {

	private static final ClaudeUnavailableException UNAVAILABLE = new ClaudeUnavailableException(
			ClaudeException.UNAVAILABLE_MESSAGE, Duration.ofSeconds(7), TestFailures.status(529, Map.of()));

	private final ClaudeServletProblemDetailsHandler handler = new ClaudeServletProblemDetailsHandler(
			new ClaudeProblemDetails(Duration.ofSeconds(30), ClaudeFailureClassifier.DEFAULT));

	private final MockHttpServletRequest request = new MockHttpServletRequest("POST", "/ask");

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	@Test
	void ordinaryRequestShouldGetA503ProblemWithTheCalmMessage() {
		this.request.addHeader("Accept", "application/json");

		ResponseEntity<ProblemDetail> problem = this.handler.handle(UNAVAILABLE, this.request, this.response);

		assertThat(problem.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(problem.getHeaders().getFirst("Retry-After")).isEqualTo("7");
		assertThat(problem.getBody().getDetail()).isEqualTo(ClaudeException.UNAVAILABLE_MESSAGE);
	}

	@Test
	void requestAcceptingAnEventStreamShouldBeLeftAlone() {
		this.request.addHeader("Accept", "text/event-stream");

		assertThat(this.handler.handle(UNAVAILABLE, this.request, this.response)).isNull();
		assertThat(this.response.getStatus()).isEqualTo(200);
		assertThat(this.response.getContentAsByteArray()).isEmpty();
	}

	@Test
	void responseAlreadyAnEventStreamShouldBeLeftAlone() {
		this.response.setContentType("text/event-stream;charset=UTF-8");

		assertThat(this.handler.handle(UNAVAILABLE, this.request, this.response)).isNull();
		assertThat(this.response.getContentAsByteArray()).isEmpty();
	}

	@Test
	void committedResponseShouldBeLeftAlone() {
		this.request.addHeader("Accept", "application/json");
		this.response.setCommitted(true);

		assertThat(this.handler.handle(UNAVAILABLE, this.request, this.response)).isNull();
		assertThat(this.response.getContentAsByteArray()).isEmpty();
	}

}
