package dev.clauderesilience.test;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.clauderesilience.test.ReplyGenerator.Block;
import dev.clauderesilience.test.ReplyGenerator.Piece;
import dev.clauderesilience.test.ReplyGenerator.Reply;
import dev.clauderesilience.test.ReplyGenerator.TextBlock;
import dev.clauderesilience.test.ReplyGenerator.ToolUseBlock;

/**
 * Writes the API's JSON: messages, the server-sent events of a streamed message and error
 * bodies.
 */
final class MessageJson {

	private final ObjectMapper objectMapper = new ObjectMapper();

	/**
	 * A whole message, or with a {@code null} reply the empty one of {@code message_start}.
	 */
	ObjectNode message(Answering answering, Reply reply) {
		ObjectNode message = this.objectMapper.createObjectNode()
			.put("id", answering.messageId())
			.put("type", "message")
			.put("role", "assistant")
			.put("model", answering.model());
		ArrayNode content = message.putArray("content");
		if (reply != null) {
			reply.blocks().forEach((block) -> add(content, block));
			message.put("stop_reason", reply.stopReason());
		}
		else {
			message.putNull("stop_reason");
		}
		message.putNull("stop_sequence");
		ObjectNode usage = message.putObject("usage")
			.put("input_tokens", answering.inputTokens())
			.put("cache_creation_input_tokens", 0)
			.put("cache_read_input_tokens", 0);
		usage.putObject("cache_creation").put("ephemeral_5m_input_tokens", 0).put("ephemeral_1h_input_tokens", 0);
		usage.put("output_tokens", (reply != null) ? reply.outputTokens() : 1);
		usage.put("service_tier", "standard");
		return message;
	}

	/**
	 * The events of a streamed reply up to its last {@code content_block_stop}, in API order,
	 * each with the output tokens it carries: {@code message_start}, then per block
	 * {@code content_block_start} ({@code ping} after the first), its deltas and
	 * {@code content_block_stop}.
	 */
	List<Piece> events(Answering answering, Reply reply) {
		List<Piece> events = new ArrayList<>();
		for (int index = 0; index < reply.blocks().size(); index++) {
			Block block = reply.blocks().get(index);
			String start = frame("content_block_start", blockStart(index, block));
			events.add(new Piece((index == 0) ? messageStart(answering) + start + ping() : start, 0));
			for (Piece piece : block.pieces()) {
				events.add(new Piece(frame("content_block_delta", delta(index, block, piece.text())),
						piece.outputTokens()));
			}
			events.add(new Piece(frame("content_block_stop", type("content_block_stop").put("index", index)), 0));
		}
		return events;
	}

	/**
	 * The last events of a streamed reply: {@code message_delta} and {@code message_stop}.
	 */
	String end(Reply reply) {
		ObjectNode delta = type("message_delta");
		delta.putObject("delta").put("stop_reason", reply.stopReason()).putNull("stop_sequence");
		delta.putObject("usage").put("output_tokens", reply.outputTokens());
		return frame("message_delta", delta) + frame("message_stop", type("message_stop"));
	}

	String messageStart(Answering answering) {
		ObjectNode start = type("message_start");
		start.set("message", message(answering, null));
		return frame("message_start", start);
	}

	String ping() {
		return frame("ping", type("ping"));
	}

	ObjectNode error(String type, String message, ObjectNode details, String requestId) {
		ObjectNode body = type("error");
		ObjectNode error = body.putObject("error").put("type", type).put("message", message);
		if (details != null) {
			error.set("details", details);
		}
		if (requestId != null) {
			body.put("request_id", requestId);
		}
		return body;
	}

	ObjectNode object() {
		return this.objectMapper.createObjectNode();
	}

	String frame(String event, JsonNode data) {
		return "event: " + event + "\ndata: " + json(data) + "\n\n";
	}

	String json(JsonNode node) {
		try {
			return this.objectMapper.writeValueAsString(node);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Cannot write JSON", ex);
		}
	}

	private ObjectNode type(String type) {
		return object().put("type", type);
	}

	private static void add(ArrayNode content, Block block) {
		if (block instanceof ToolUseBlock toolUse) {
			content.addObject()
				.put("type", "tool_use")
				.put("id", toolUse.id())
				.put("name", toolUse.name())
				.set("input", toolUse.input());
		}
		else if (block instanceof TextBlock text) {
			content.addObject().put("type", "text").put("text", text.text());
		}
	}

	private ObjectNode blockStart(int index, Block block) {
		ObjectNode start = type("content_block_start").put("index", index);
		ObjectNode content = start.putObject("content_block");
		if (block instanceof ToolUseBlock toolUse) {
			content.put("type", "tool_use").put("id", toolUse.id()).put("name", toolUse.name()).putObject("input");
		}
		else {
			content.put("type", "text").put("text", "");
		}
		return start;
	}

	private ObjectNode delta(int index, Block block, String piece) {
		ObjectNode delta = type("content_block_delta").put("index", index);
		if (block instanceof ToolUseBlock) {
			delta.putObject("delta").put("type", "input_json_delta").put("partial_json", piece);
		}
		else {
			delta.putObject("delta").put("type", "text_delta").put("text", piece);
		}
		return delta;
	}

	/**
	 * What a message says about the exchange it answers.
	 */
	record Answering(String messageId, String model, long inputTokens) {
	}

}
