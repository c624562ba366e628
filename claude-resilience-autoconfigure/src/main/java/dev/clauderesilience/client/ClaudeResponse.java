package dev.clauderesilience.client;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.clauderesilience.ratelimit.RateLimitSnapshot;

/**
 * A Messages API answer.
 *
 * @param id the message id
 * @param model the model that answered
 * @param role always {@code assistant}
 * @param content the content blocks
 * @param stopReason why generation stopped ({@code end_turn}, {@code max_tokens}, ...; new values
 * may appear)
 * @param stopSequence the stop sequence that ended generation, or {@code null}
 * @param usage the token counts
 * @param extra top-level fields this model does not name, kept as received
 * @param rateLimits what the answer's headers said about the rate limits
 * @since 0.1.0
 */
public record ClaudeResponse(String id, String model, String role, List<ContentBlock> content, String stopReason,
		String stopSequence, Usage usage, Map<String, JsonNode> extra, RateLimitSnapshot rateLimits) {

	public ClaudeResponse {
		content = (content != null) ? List.copyOf(content) : List.of();
		usage = (usage != null) ? usage : Usage.NONE;
		extra = (extra != null) ? Map.copyOf(extra) : Map.of();
		rateLimits = (rateLimits != null) ? rateLimits : RateLimitSnapshot.EMPTY;
	}

	/**
	 * The text blocks of the answer, concatenated.
	 * @return the text, empty when the answer has none
	 */
	public String text() {
		StringBuilder text = new StringBuilder();
		for (ContentBlock block : this.content) {
			if (block instanceof ContentBlock.Text t && t.text() != null) {
				text.append(t.text());
			}
		}
		return text.toString();
	}

}
