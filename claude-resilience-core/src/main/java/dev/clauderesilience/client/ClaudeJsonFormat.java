package dev.clauderesilience.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;


/**
 * The API's JSON form of requests and responses, for the layers that store or log them (the
 * response cache, the rejected-request log). The same mapping the HTTP client uses.
 *
 * @since 0.1.0
 */
public final class ClaudeJsonFormat {

	private ClaudeJsonFormat() {
	}

	/**
	 * The request as the API would receive it.
	 * @param request the request
	 * @return the JSON
	 */
	public static String request(ClaudeRequest request) {
		return write(ClaudeJson.request(request, false));
	}

	/**
	 * The request's canonical JSON for a cache key: the fields that decide the answer, object
	 * keys sorted, {@code metadata} left out (it names the user, not the question), and the
	 * tenant, so that one tenant is never answered from another's cached call.
	 * @param request the request, defaults applied
	 * @param version the API version it is sent with
	 * @return the JSON
	 */
	public static String cacheKeyJson(ClaudeRequest request, ApiVersion version) {
		ObjectNode body = ClaudeJson.request(request, false);
		body.remove("metadata");
		body.put("anthropic_version", version.value());
		if (request.tenant() != null) {
			body.put("tenant", request.tenant());
		}
		return write(ClaudeJson.canonical(body));
	}

	/**
	 * A response in the API's form.
	 * @param response the response
	 * @return the JSON
	 */
	public static String response(ClaudeResponse response) {
		return write(ClaudeJson.response(response));
	}

	/**
	 * Reads a response written by {@link #response(ClaudeResponse)}.
	 * @param json the JSON
	 * @return the response, with no rate-limit snapshot
	 * @throws IllegalArgumentException when the JSON is not a message
	 */
	public static ClaudeResponse readResponse(String json) {
		try {
			return ClaudeJson.response(ClaudeJson.MAPPER.readTree(json), RateLimitSnapshot.EMPTY);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException("Not a message: " + ex.getOriginalMessage(), ex);
		}
	}

	private static String write(JsonNode node) {
		try {
			return ClaudeJson.MAPPER.writeValueAsString(node);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Could not write JSON", ex);
		}
	}

}
