package dev.clauderesilience.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.codec.ServerSentEvent;


/**
 * Turns one server-sent event into a typed event: {@code null} for {@code ping} and unknown
 * types, a {@link ClaudeStreamException} for an {@code error} event.
 */
final class SseEventDecoder {

	private static final Logger logger = LoggerFactory.getLogger(SseEventDecoder.class);

	private SseEventDecoder() {
	}

	static ClaudeStreamEvent decode(ServerSentEvent<String> event, RateLimitSnapshot rateLimits,
			ClaudeStreamAccumulator received) {
		String data = event.data();
		if (data == null || data.isBlank()) {
			return null;
		}
		JsonNode node = parse(data, rateLimits, received);
		String type = (event.event() != null) ? event.event() : ClaudeJson.text(node, "type");
		if (type == null) {
			return null;
		}
		try {
			return switch (type) {
				case "message_start" -> new ClaudeStreamEvent.MessageStart(
						ClaudeJson.response(node.get("message"), rateLimits));
				case "content_block_start" -> new ClaudeStreamEvent.ContentBlockStart(node.path("index").asInt(),
						ClaudeJson.block(node.get("content_block")));
				case "content_block_delta" -> new ClaudeStreamEvent.ContentBlockDelta(node.path("index").asInt(),
						delta(node.get("delta")));
				case "content_block_stop" -> new ClaudeStreamEvent.ContentBlockStop(node.path("index").asInt());
				case "message_delta" -> new ClaudeStreamEvent.MessageDelta(
						ClaudeJson.text(node.path("delta"), "stop_reason"),
						ClaudeJson.text(node.path("delta"), "stop_sequence"), ClaudeJson.usage(node.get("usage")));
				case "message_stop" -> new ClaudeStreamEvent.MessageStop();
				case "error" -> throw new ClaudeStreamException(
						node.path("error").path("type").asText("api_error"),
						node.path("error").path("message").asText(""), received.text(), received.hasContent(),
						rateLimits, null);
				case "ping" -> null;
				default -> {
					logger.debug("Skipping stream event of unknown type '{}'", LogSafe.text(type));
					yield null;
				}
			};
		}
		catch (ClaudeStreamException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw malformed(type + " event is malformed (" + ex.getMessage() + ")", rateLimits, received);
		}
	}

	private static ClaudeStreamEvent.Delta delta(JsonNode delta) {
		String type = ClaudeJson.text(delta, "type");
		return switch ((type != null) ? type : "") {
			case "text_delta" -> new ClaudeStreamEvent.TextDelta(delta.path("text").asText());
			case "input_json_delta" -> new ClaudeStreamEvent.InputJsonDelta(delta.path("partial_json").asText());
			case "thinking_delta" -> new ClaudeStreamEvent.ThinkingDelta(delta.path("thinking").asText());
			case "signature_delta" -> new ClaudeStreamEvent.SignatureDelta(delta.path("signature").asText());
			default -> new ClaudeStreamEvent.UnknownDelta(type, ClaudeJson.extra(delta, "type"));
		};
	}

	private static JsonNode parse(String data, RateLimitSnapshot rateLimits, ClaudeStreamAccumulator received) {
		try {
			return ClaudeJson.MAPPER.readTree(data);
		}
		catch (JsonProcessingException ex) {
			throw malformed("event data is not JSON (" + ex.getOriginalMessage() + ")", rateLimits, received);
		}
	}

	private static ClaudeStreamException malformed(String reason, RateLimitSnapshot rateLimits,
			ClaudeStreamAccumulator received) {
		return new ClaudeStreamException(ClaudeStreamException.INTERRUPTED, reason, received.text(),
				received.hasContent(), rateLimits, null);
	}

}
