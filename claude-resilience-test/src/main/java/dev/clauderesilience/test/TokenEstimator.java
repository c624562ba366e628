package dev.clauderesilience.test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Estimates input tokens as {@code max(1, ceil(chars / 4))}, where {@code chars} counts the
 * characters of the {@code system} prompt and of every message's content (the text of
 * {@code text} blocks, the JSON of any other block) plus the JSON of {@code tools}.
 */
final class TokenEstimator {

	private TokenEstimator() {
	}

	static long estimate(JsonNode body) {
		if (body == null || !body.isObject()) {
			return 0;
		}
		long chars = contentLength(body.get("system"));
		JsonNode messages = body.get("messages");
		if (messages != null && messages.isArray()) {
			for (JsonNode message : messages) {
				chars += contentLength(message.get("content"));
			}
		}
		JsonNode tools = body.get("tools");
		if (tools != null && tools.isArray() && !tools.isEmpty()) {
			chars += tools.toString().length();
		}
		return Math.max(1, (chars + 3) / 4);
	}

	private static long contentLength(JsonNode content) {
		if (content == null || content.isNull()) {
			return 0;
		}
		if (content.isTextual()) {
			return content.textValue().length();
		}
		if (content.isArray()) {
			long chars = 0;
			for (JsonNode block : content) {
				JsonNode text = block.get("text");
				chars += (text != null && text.isTextual()) ? text.textValue().length() : block.toString().length();
			}
			return chars;
		}
		return content.toString().length();
	}

}
