package dev.clauderesilience.client;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;


/**
 * The one place that maps the model to the API's JSON and back. Written against the tree
 * model so that unknown fields and block types survive a round trip unchanged.
 */
final class ClaudeJson {

	static final ObjectMapper MAPPER = new ObjectMapper();

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private ClaudeJson() {
	}

	static ObjectNode request(ClaudeRequest request, boolean stream) {
		ObjectNode body = nodes.objectNode();
		body.put("model", request.model());
		body.put("max_tokens", request.maxTokens());
		writeConversation(request, body);
		putIfPresent(body, "temperature", request.temperature());
		putIfPresent(body, "top_p", request.topP());
		if (request.topK() != null) {
			body.put("top_k", request.topK());
		}
		if (!request.stopSequences().isEmpty()) {
			ArrayNode stops = body.putArray("stop_sequences");
			request.stopSequences().forEach(stops::add);
		}
		if (!request.metadata().isEmpty()) {
			ObjectNode metadata = body.putObject("metadata");
			request.metadata().forEach(metadata::put);
		}
		writeExtra(body, request.extra());
		if (stream) {
			body.put("stream", true);
		}
		return body;
	}

	/** The count_tokens body: the request without the generation-only fields. */
	static ObjectNode countTokensRequest(ClaudeRequest request) {
		ObjectNode body = nodes.objectNode();
		body.put("model", request.model());
		writeConversation(request, body);
		return body;
	}

	private static void writeConversation(ClaudeRequest request, ObjectNode body) {
		if (!request.system().isEmpty()) {
			body.set("system", content(new ArrayList<>(request.system())));
		}
		ArrayNode messages = body.putArray("messages");
		for (Message message : request.messages()) {
			ObjectNode node = messages.addObject();
			node.put("role", message.role());
			node.set("content", content(message.content()));
		}
		if (!request.tools().isEmpty()) {
			ArrayNode tools = body.putArray("tools");
			for (ClaudeRequest.Tool tool : request.tools()) {
				ObjectNode node = tools.addObject();
				node.put("name", tool.name());
				if (tool.description() != null) {
					node.put("description", tool.description());
				}
				if (tool.inputSchema() != null) {
					node.set("input_schema", tool.inputSchema());
				}
				writeExtra(node, tool.extra());
			}
		}
		if (request.toolChoice() != null) {
			ObjectNode choice = body.putObject("tool_choice");
			choice.put("type", request.toolChoice().type());
			if (request.toolChoice().name() != null) {
				choice.put("name", request.toolChoice().name());
			}
			writeExtra(choice, request.toolChoice().extra());
		}
		if (request.thinking() != null) {
			ObjectNode thinking = body.putObject("thinking");
			thinking.put("type", request.thinking().type());
			if (request.thinking().budgetTokens() != null) {
				thinking.put("budget_tokens", request.thinking().budgetTokens());
			}
		}
	}

	// A lone plain text block is sent as a string, the form most requests use
	private static JsonNode content(List<? extends ContentBlock> blocks) {
		if (blocks.size() == 1 && blocks.get(0) instanceof ContentBlock.Text text && text.citations() == null
				&& text.extra().isEmpty() && text.text() != null) {
			return nodes.textNode(text.text());
		}
		ArrayNode array = nodes.arrayNode();
		blocks.forEach((block) -> array.add(block(block)));
		return array;
	}

	static ObjectNode block(ContentBlock block) {
		ObjectNode node = nodes.objectNode();
		node.put("type", block.type());
		if (block instanceof ContentBlock.Text b) {
			node.put("text", b.text());
			if (b.citations() != null) {
				node.set("citations", b.citations());
			}
		}
		else if (block instanceof ContentBlock.Image b) {
			node.set("source", b.source());
		}
		else if (block instanceof ContentBlock.Document b) {
			node.set("source", b.source());
		}
		else if (block instanceof ContentBlock.ToolUse b) {
			node.put("id", b.id());
			node.put("name", b.name());
			node.set("input", (b.input() != null) ? b.input() : nodes.objectNode());
		}
		else if (block instanceof ContentBlock.ToolResult b) {
			node.put("tool_use_id", b.toolUseId());
			if (b.content() != null) {
				node.set("content", b.content());
			}
			if (b.isError() != null) {
				node.put("is_error", b.isError());
			}
		}
		else if (block instanceof ContentBlock.Thinking b) {
			node.put("thinking", b.thinking());
			if (b.signature() != null) {
				node.put("signature", b.signature());
			}
		}
		else if (block instanceof ContentBlock.RedactedThinking b) {
			node.put("data", b.data());
		}
		writeExtra(node, block.extra());
		return node;
	}

	private static void writeExtra(ObjectNode node, Map<String, JsonNode> extra) {
		extra.forEach((name, value) -> {
			if (!node.has(name)) {
				node.set(name, value);
			}
		});
	}

	private static void putIfPresent(ObjectNode node, String name, Double value) {
		if (value != null) {
			node.put(name, value);
		}
	}

	static ContentBlock block(JsonNode node) {
		String type = text(node, "type");
		if (type == null) {
			throw new IllegalArgumentException("content block without a type");
		}
		return switch (type) {
			case "text" -> new ContentBlock.Text(text(node, "text"), nullIfMissing(node.get("citations")),
					extra(node, "type", "text", "citations"));
			case "image" -> new ContentBlock.Image(node.get("source"), extra(node, "type", "source"));
			case "document" -> new ContentBlock.Document(node.get("source"), extra(node, "type", "source"));
			case "tool_use" -> new ContentBlock.ToolUse(text(node, "id"), text(node, "name"), node.get("input"),
					extra(node, "type", "id", "name", "input"));
			case "tool_result" -> new ContentBlock.ToolResult(text(node, "tool_use_id"), node.get("content"),
					node.has("is_error") ? node.get("is_error").asBoolean() : null,
					extra(node, "type", "tool_use_id", "content", "is_error"));
			case "thinking" -> new ContentBlock.Thinking(text(node, "thinking"), text(node, "signature"),
					extra(node, "type", "thinking", "signature"));
			case "redacted_thinking" -> new ContentBlock.RedactedThinking(text(node, "data"),
					extra(node, "type", "data"));
			default -> new ContentBlock.Unknown(type, extra(node, "type"));
		};
	}

	static ClaudeResponse response(JsonNode node, RateLimitSnapshot rateLimits) {
		if (node == null || !node.isObject()) {
			throw new IllegalArgumentException("body is not a JSON object");
		}
		String type = text(node, "type");
		if (type != null && !"message".equals(type)) {
			throw new IllegalArgumentException("type is '" + type + "', not 'message'");
		}
		JsonNode content = node.get("content");
		if (content == null || !content.isArray()) {
			throw new IllegalArgumentException("no content array");
		}
		List<ContentBlock> blocks = new ArrayList<>();
		content.forEach((block) -> blocks.add(block(block)));
		return new ClaudeResponse(text(node, "id"), text(node, "model"), text(node, "role"), blocks,
				text(node, "stop_reason"), text(node, "stop_sequence"), usage(node.get("usage")),
				extra(node, "id", "type", "model", "role", "content", "stop_reason", "stop_sequence", "usage"),
				rateLimits);
	}

	static ObjectNode response(ClaudeResponse response) {
		ObjectNode node = nodes.objectNode();
		node.put("id", response.id());
		node.put("type", "message");
		node.put("role", (response.role() != null) ? response.role() : "assistant");
		node.put("model", response.model());
		ArrayNode content = node.putArray("content");
		response.content().forEach((block) -> content.add(block(block)));
		node.put("stop_reason", response.stopReason());
		node.put("stop_sequence", response.stopSequence());
		ObjectNode usage = node.putObject("usage");
		usage.put("input_tokens", response.usage().inputTokens());
		usage.put("output_tokens", response.usage().outputTokens());
		usage.put("cache_creation_input_tokens", response.usage().cacheCreationInputTokens());
		usage.put("cache_read_input_tokens", response.usage().cacheReadInputTokens());
		writeExtra(node, response.extra());
		return node;
	}

	/** Sorts object fields recursively so that equal requests give byte-equal JSON in every JVM. */
	static JsonNode canonical(JsonNode node) {
		if (node.isObject()) {
			ObjectNode sorted = nodes.objectNode();
			List<String> names = new ArrayList<>();
			node.fieldNames().forEachRemaining(names::add);
			names.sort(null);
			names.forEach((name) -> sorted.set(name, canonical(node.get(name))));
			return sorted;
		}
		if (node.isArray()) {
			ArrayNode array = nodes.arrayNode();
			node.forEach((element) -> array.add(canonical(element)));
			return array;
		}
		return node;
	}

	static Usage usage(JsonNode node) {
		if (node == null || !node.isObject()) {
			return Usage.NONE;
		}
		return new Usage(node.path("input_tokens").asInt(0), node.path("output_tokens").asInt(0),
				node.path("cache_creation_input_tokens").asInt(0), node.path("cache_read_input_tokens").asInt(0));
	}

	static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value == null || value.isNull()) ? null : value.asText();
	}

	private static JsonNode nullIfMissing(JsonNode node) {
		return (node == null || node.isNull()) ? null : node;
	}

	static Map<String, JsonNode> extra(JsonNode node, String... known) {
		Set<String> names = Set.of(known);
		Map<String, JsonNode> extra = new LinkedHashMap<>();
		Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
		while (fields.hasNext()) {
			Map.Entry<String, JsonNode> field = fields.next();
			if (!names.contains(field.getKey())) {
				extra.put(field.getKey(), field.getValue());
			}
		}
		return extra;
	}

}
