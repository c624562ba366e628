package dev.clauderesilience.test;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One request the {@link ClaudeSimulator} received and how it answered it. The API key itself is
 * never recorded, only the scheme it came with.
 *
 * @param time when the answer was decided, from the simulator's clock
 * @param method the HTTP method
 * @param path the request path without query
 * @param model the requested model, or {@code null}
 * @param stream whether {@code "stream": true} was requested
 * @param apiVersion the {@code anthropic-version} header, or {@code null}
 * @param authScheme {@code "x-api-key"}, {@code "bearer"} or {@code "none"}: how the key was sent
 * @param userAgent the {@code user-agent} header, or {@code null}
 * @param anthropicBeta the {@code anthropic-beta} header, or {@code null}
 * @param inputTokens the estimated input tokens of the request
 * @param outputTokens the output tokens answered (0 for errors)
 * @param status the HTTP status answered, 0 when the connection was reset
 * @param requestId the {@code request-id} answered
 * @param body the request body, a {@code MissingNode} when it was not JSON
 * @param fault the injected fault applied, or {@code null}
 * @author claude-resilience
 * @since 0.1.0
 */
public record JournalEntry(Instant time, String method, String path, String model, boolean stream,
		String apiVersion, String authScheme, String userAgent, String anthropicBeta, long inputTokens,
		long outputTokens, int status, String requestId, JsonNode body, SimulatedFault fault) {

	/**
	 * Auth scheme of a key sent in the {@code x-api-key} header.
	 */
	public static final String AUTH_X_API_KEY = "x-api-key";

	/**
	 * Auth scheme of a key sent as {@code Authorization: Bearer}.
	 */
	public static final String AUTH_BEARER = "bearer";

	/**
	 * Auth scheme when no key was sent.
	 */
	public static final String AUTH_NONE = "none";

}
