package dev.clauderesilience.client;

import java.time.Clock;
import java.util.Map;


/**
 * Builds the client's exceptions for tests of other packages, exactly as the client would from
 * an answer.
 */
public final class TestFailures {

	private TestFailures() {
	}

	public static ClaudeApiException status(int status) {
		return status(status, Map.of());
	}

	public static ClaudeApiException status(int status, Map<String, String> headers) {
		return status(status, "{\"type\":\"error\",\"error\":{\"type\":\"x\",\"message\":\"upstream says " + status
				+ "\"},\"request_id\":\"req_t\"}", headers);
	}

	public static ClaudeApiException status(int status, String body, Map<String, String> headers) {
		RateLimitSnapshot snapshot = RateLimitSnapshot.parse(headers::get, Clock.systemUTC());
		return ClaudeErrorMapper.map(status, body, snapshot);
	}

	public static ClaudeApiException spendCap() {
		return status(429, "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"spend limit\","
				+ "\"details\":{\"error_code\":\"enforced_spend_limit_reached\"}}}", Map.of());
	}

	public static ClaudeTransportException transport() {
		return new ClaudeTransportException("connection reset", false, null);
	}

	public static ClaudeTransportException connectionPoolFull() {
		return new ClaudeTransportException("connection pool is full", false, true, null);
	}

	public static ClaudeStreamException streamError(String type, String partialText, boolean contentReceived) {
		return new ClaudeStreamException(type, "stream broke", partialText, contentReceived, RateLimitSnapshot.EMPTY,
				null);
	}

}
