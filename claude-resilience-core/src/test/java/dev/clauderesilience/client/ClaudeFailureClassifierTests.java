package dev.clauderesilience.client;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.clauderesilience.client.FailureClass.Fallback;
import dev.clauderesilience.client.FailureClass.Kind;
import dev.clauderesilience.ratelimit.LimiterTesting;
import dev.clauderesilience.retry.ClaudeDeadlineExceededException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decision table every layer reads: one row per failure, as the client builds it from an
 * answer.
 */
class ClaudeFailureClassifierTests {

	private static final ClaudeFailureClassifier classifier = ClaudeFailureClassifier.DEFAULT;

	// kind, retried, counts for the breaker, fallback, stale served, caller's fault, refunded, status
	static Stream<Arguments> table() {
		return Stream.of(row(TestFailures.status(400), Kind.INVALID_REQUEST, false, false, Fallback.NONE, false, true, false, 400),
				row(TestFailures.status(401), Kind.AUTHENTICATION, false, false, Fallback.NONE, false, false, false, 503),
				row(TestFailures.status(402), Kind.BILLING, false, false, Fallback.NONE, false, false, false, 503),
				row(TestFailures.status(403), Kind.CONTENT_REFUSED, false, false, Fallback.NONE, false, true, false, 422),
				row(TestFailures.status(404), Kind.NOT_FOUND, false, false, Fallback.NONE, false, true, false, 400),
				row(TestFailures.status(409), Kind.CONFLICT, true, false, Fallback.NONE, true, false, false, 503),
				row(TestFailures.status(413), Kind.REQUEST_TOO_LARGE, false, false, Fallback.NONE, false, true, false, 400),
				row(TestFailures.status(429), Kind.RATE_LIMITED, true, false, Fallback.OTHER_RATE_LIMIT_CLASS, true, false,
						false, 503),
				row(TestFailures.spendCap(), Kind.SPEND_CAP, false, false, Fallback.NONE, true, false, false, 503),
				row(TestFailures.status(500), Kind.SERVER_ERROR, true, true, Fallback.ANY_MODEL, true, false, true, 503),
				row(TestFailures.status(502), Kind.SERVER_ERROR, true, true, Fallback.ANY_MODEL, true, false, true, 503),
				row(TestFailures.status(504), Kind.TIMEOUT, true, true, Fallback.ANY_MODEL, true, false, true, 503),
				row(TestFailures.status(529), Kind.OVERLOADED, true, true, Fallback.ANY_MODEL, true, false, true, 503),
				row(TestFailures.status(418), Kind.UNKNOWN_STATUS, false, false, Fallback.NONE, false, true, false, 502),
				row(TestFailures.transport(), Kind.CONNECTION, true, true, Fallback.ANY_MODEL, true, false, false, 503),
				row(TestFailures.connectionPoolFull(), Kind.LOCAL_OVERLOAD, true, false, Fallback.ANY_MODEL, true, false,
						true, 503),
				row(new ClaudeResponseFormatException("not a message", RateLimitSnapshot.EMPTY, null),
						Kind.MALFORMED_RESPONSE, true, true, Fallback.ANY_MODEL, true, false, false, 503),
				row(TestFailures.streamError("overloaded_error", "", false), Kind.STREAM, true, true, Fallback.ANY_MODEL,
						true, false, false, 503),
				row(new ClaudeRequestValidationException("temperature", ApiVersion.V2026_10_21, "was removed"),
						Kind.INVALID_REQUEST, false, false, Fallback.NONE, false, true, false, 400),
				row(LimiterTesting.requestExceedsInputLimit(), Kind.REQUEST_TOO_LARGE, false, false, Fallback.NONE, false,
						true, false, 400),
				row(ClaudeApiKeyMissingException.create(), Kind.API_KEY_MISSING, false, false, Fallback.NONE, false, false,
						false, 503),
				row(ClaudeDeadlineExceededException.of(Duration.ofSeconds(30)), Kind.DEADLINE, false, false,
						Fallback.ANY_MODEL, true, false, false, 503));
	}

	private static Arguments row(Throwable failure, Kind kind, boolean retryable, boolean breakerFailure,
			Fallback fallback, boolean servesStale, boolean callersFault, boolean refunded, int status) {
		return Arguments.of(failure.getClass().getSimpleName() + " " + kind.tag(), failure, kind, retryable,
				breakerFailure, fallback, servesStale, callersFault, refunded, status);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("table")
	void everyFailureShouldBeClassifiedOnce(String name, Throwable failure, Kind kind, boolean retryable,
			boolean breakerFailure, Fallback fallback, boolean servesStale, boolean callersFault, boolean refunded,
			int status) {
		FailureClass found = classifier.classify(failure);

		assertThat(found.kind()).isEqualTo(kind);
		assertThat(found.retryable()).as("retried").isEqualTo(retryable);
		assertThat(found.breakerFailure()).as("counts for the breaker").isEqualTo(breakerFailure);
		assertThat(found.fallback()).isEqualTo(fallback);
		assertThat(found.servesStale()).as("stale served").isEqualTo(servesStale);
		assertThat(found.callersFault()).as("caller's fault").isEqualTo(callersFault);
		assertThat(found.requestRefunded()).as("refunded").isEqualTo(refunded);
		assertThat(found.httpStatus()).isEqualTo(status);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("table")
	void theExceptionsOwnAnswersShouldFollowItsClass(String name, Throwable failure, Kind kind, boolean retryable,
			boolean breakerFailure, Fallback fallback, boolean servesStale, boolean callersFault) {
		ClaudeException ex = (ClaudeException) failure;

		assertThat(ex.isRetryable()).isEqualTo(retryable);
		assertThat(ex.isAvailabilityFailure()).isEqualTo(servesStale);
		assertThat(ex.userMessage())
			.isEqualTo(callersFault ? ClaudeException.REJECTED_MESSAGE : ClaudeException.UNAVAILABLE_MESSAGE);
	}

	@Test
	void theServersShouldRetryHeaderShouldOverruleTheStatus() {
		assertThat(classifier.classify(TestFailures.status(529, Map.of("x-should-retry", "false"))).retryable())
			.isFalse();
		assertThat(classifier.classify(TestFailures.status(418, Map.of("x-should-retry", "true"))).retryable())
			.isTrue();
	}

	@Test
	void theSpendCapShouldNeverBeRetriedWhateverTheServerSays() {
		ClaudeApiException cap = TestFailures.status(429,
				"{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"spend limit\","
						+ "\"details\":{\"error_code\":\"enforced_spend_limit_reached\"}}}",
				Map.of("x-should-retry", "true"));

		assertThat(classifier.classify(cap).retryable()).isFalse();
		assertThat(classifier.classify(cap).realRetryAfter()).isTrue();
	}

	@Test
	void aStreamThatFailedAfterItsContentBeganShouldReachTheCallerAsItIs() {
		FailureClass found = classifier.classify(TestFailures.streamError("overloaded_error", "Half an answ", true));

		assertThat(found.retryable()).isFalse();
		assertThat(found.fallback()).isEqualTo(Fallback.NONE);
		assertThat(found.callerGets()).isEqualTo(FailureClass.CallerGets.AS_IS);
		assertThat(TestFailures.streamError("overloaded_error", "Half an answ", true).userMessage())
			.isEqualTo(ClaudeException.UNAVAILABLE_MESSAGE);
	}

	@Test
	void anythingElseShouldBeUnexpectedAndPassedOn() {
		FailureClass found = classifier.classify(new IllegalStateException("a bug"));

		assertThat(found.kind()).isEqualTo(Kind.UNEXPECTED);
		assertThat(found.retryable()).isFalse();
		assertThat(found.breakerFailure()).isFalse();
		assertThat(found.fallback()).isEqualTo(Fallback.NONE);
		assertThat(found.callerGets()).isEqualTo(FailureClass.CallerGets.AS_IS);
	}

}
