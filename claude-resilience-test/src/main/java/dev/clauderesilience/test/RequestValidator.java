package dev.clauderesilience.test;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The request rules of the Messages API, including those of each {@code anthropic-version}.
 */
final class RequestValidator {

	static final String VERSION_2023_06_01 = "2023-06-01";

	static final String VERSION_2026_10_21 = "2026-10-21";

	static final Set<String> SUPPORTED_VERSIONS = Set.of(VERSION_2023_06_01, VERSION_2026_10_21);

	private static final List<String> REMOVED_SAMPLING_PARAMETERS = List.of("temperature", "top_p", "top_k");

	private RequestValidator() {
	}

	/**
	 * Returns the message of the {@code invalid_request_error} the body deserves, or {@code null}
	 * when it is valid.
	 */
	static String validate(JsonNode body, String version, boolean requireMaxTokens) {
		if (body == null || !body.isObject()) {
			return "The request body is not valid JSON";
		}
		JsonNode model = body.get("model");
		if (model == null || !model.isTextual() || model.textValue().isEmpty()) {
			return "model: Field required";
		}
		if (requireMaxTokens) {
			JsonNode maxTokens = body.get("max_tokens");
			if (maxTokens == null || maxTokens.isNull()) {
				return "max_tokens: Field required";
			}
			if (!maxTokens.canConvertToLong() || !maxTokens.isIntegralNumber()) {
				return "max_tokens: Input should be a valid integer";
			}
			if (maxTokens.longValue() < 1) {
				return "max_tokens: Input should be greater than or equal to 1";
			}
		}
		JsonNode messages = body.get("messages");
		if (messages == null || !messages.isArray()) {
			return "messages: Field required";
		}
		if (messages.isEmpty()) {
			return "messages: at least one message is required";
		}
		for (int i = 0; i < messages.size(); i++) {
			JsonNode message = messages.get(i);
			String role = message.path("role").asText("");
			if (!role.equals("user") && !role.equals("assistant")) {
				return "messages." + i + ".role: Input should be 'user' or 'assistant'";
			}
			if (!message.has("content")) {
				return "messages." + i + ".content: Field required";
			}
		}
		if (VERSION_2026_10_21.equals(version)) {
			return validateVersion20261021(body, messages);
		}
		return null;
	}

	private static String validateVersion20261021(JsonNode body, JsonNode messages) {
		for (String parameter : REMOVED_SAMPLING_PARAMETERS) {
			if (body.has(parameter)) {
				return parameter + ": Extra inputs are not permitted";
			}
		}
		for (int i = 0; i < messages.size(); i++) {
			JsonNode message = messages.get(i);
			JsonNode content = message.get("content");
			if (content == null || !content.isArray()) {
				continue;
			}
			boolean assistant = "assistant".equals(message.path("role").asText());
			for (int j = 0; j < content.size(); j++) {
				JsonNode block = content.get(j);
				String type = block.path("type").asText();
				String where = "messages." + i + ".content." + j;
				if (assistant && "document".equals(type)) {
					return where + ": document blocks are not permitted in assistant messages";
				}
				if (!assistant && hasCitations(block)) {
					return where + ".citations: Extra inputs are not permitted";
				}
				if (!assistant && "search_result".equals(type) && block.path("content").isArray()) {
					for (JsonNode inner : block.path("content")) {
						if (hasCitations(inner)) {
							return where + ".content.citations: Extra inputs are not permitted";
						}
					}
				}
			}
		}
		return null;
	}

	private static boolean hasCitations(JsonNode block) {
		JsonNode citations = block.get("citations");
		return "text".equals(block.path("type").asText()) && citations != null && citations.isArray()
				&& !citations.isEmpty();
	}

}
