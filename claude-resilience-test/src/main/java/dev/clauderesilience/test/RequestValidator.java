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

	private static final Set<String> TOOL_CHOICE_TYPES = Set.of("auto", "any", "tool", "none");

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
			String invalidBlock = validateToolBlocks(messages, i);
			if (invalidBlock != null) {
				return invalidBlock;
			}
		}
		String invalidTools = validateTools(body);
		if (invalidTools != null) {
			return invalidTools;
		}
		if (VERSION_2026_10_21.equals(version)) {
			return validateVersion20261021(body, messages);
		}
		return null;
	}

	private static String validateTools(JsonNode body) {
		JsonNode tools = body.get("tools");
		if (tools != null && !tools.isArray()) {
			return "tools: Input should be a valid list";
		}
		for (int i = 0; tools != null && i < tools.size(); i++) {
			JsonNode tool = tools.get(i);
			if (!tool.path("name").isTextual() || tool.path("name").textValue().isEmpty()) {
				return "tools." + i + ".name: Field required";
			}
			// server tools carry a versioned type and no schema; custom tools need one
			boolean custom = !tool.has("type") || "custom".equals(tool.path("type").asText());
			if (custom && !tool.path("input_schema").isObject()) {
				return "tools." + i + ".input_schema: Field required";
			}
		}
		JsonNode choice = body.get("tool_choice");
		if (choice == null) {
			return null;
		}
		String type = choice.path("type").asText();
		if (!TOOL_CHOICE_TYPES.contains(type)) {
			return "tool_choice.type: Input should be 'auto', 'any', 'tool' or 'none'";
		}
		if (tools == null && !"none".equals(type)) {
			return "tool_choice: tool_choice may only be specified while providing tools";
		}
		if ("tool".equals(type)) {
			String name = choice.path("name").asText("");
			if (name.isEmpty()) {
				return "tool_choice.name: Field required";
			}
			boolean offered = false;
			for (JsonNode tool : tools) {
				offered |= name.equals(tool.path("name").asText());
			}
			if (!offered) {
				return "tool_choice.name: Tool '" + name + "' not found in tools";
			}
		}
		return null;
	}

	/**
	 * Checks the {@code tool_use} blocks of an assistant message and the {@code tool_result}
	 * blocks of a user message, which must answer a call of the message before.
	 */
	private static String validateToolBlocks(JsonNode messages, int index) {
		JsonNode message = messages.get(index);
		JsonNode content = message.get("content");
		if (!content.isArray()) {
			return null;
		}
		boolean assistant = "assistant".equals(message.path("role").asText());
		for (int j = 0; j < content.size(); j++) {
			JsonNode block = content.get(j);
			String where = "messages." + index + ".content." + j;
			String type = block.path("type").asText();
			if (assistant && "tool_use".equals(type)) {
				for (String field : List.of("id", "name")) {
					if (!block.path(field).isTextual()) {
						return where + "." + field + ": Field required";
					}
				}
				if (!block.path("input").isObject()) {
					return where + ".input: Input should be a valid dictionary";
				}
			}
			if (!assistant && "tool_result".equals(type)) {
				String id = block.path("tool_use_id").asText("");
				if (id.isEmpty()) {
					return where + ".tool_use_id: Field required";
				}
				JsonNode result = block.get("content");
				if (result != null && !result.isTextual() && !result.isArray()) {
					return where + ".content: Input should be a valid string or list";
				}
				if (!calls(messages, index - 1, id)) {
					return where + ": unexpected `tool_use_id` found in `tool_result` blocks: " + id
							+ ". Each `tool_result` block must have a corresponding `tool_use` block in the previous message.";
				}
			}
		}
		return null;
	}

	private static boolean calls(JsonNode messages, int index, String toolUseId) {
		if (index < 0 || !"assistant".equals(messages.get(index).path("role").asText())) {
			return false;
		}
		for (JsonNode block : messages.get(index).path("content")) {
			if ("tool_use".equals(block.path("type").asText()) && toolUseId.equals(block.path("id").asText())) {
				return true;
			}
		}
		return false;
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
