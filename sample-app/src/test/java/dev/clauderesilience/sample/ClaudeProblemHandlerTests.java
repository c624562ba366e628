package dev.clauderesilience.sample;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The calm fallback of {@link ClaudeProblemHandler}; the Claude mappings are proven end to end
 * in {@link ChatApiTests}.
 */
class ClaudeProblemHandlerTests {

	private final ClaudeProblemHandler handler = new ClaudeProblemHandler();

	@Test
	void handleUnexpectedWhenAnyExceptionShouldAnswerCalm500WithoutItsMessage() {
		ResponseEntity<ProblemDetail> response = this.handler
			.handleUnexpected(new IllegalStateException("secret internal detail"));
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
		assertThat(response.getBody().getDetail()).isNotBlank().doesNotContain("secret");
	}

}
