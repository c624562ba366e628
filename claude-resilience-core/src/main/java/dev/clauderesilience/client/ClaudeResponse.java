package dev.clauderesilience.client;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;


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
 * @param source where the answer came from: the API, or the response cache
 * @param fallbackFrom the model that was asked for when a fallback model answered, otherwise
 * {@code null}
 * @since 0.1.0
 */
public record ClaudeResponse(String id, String model, String role, List<ContentBlock> content, String stopReason,
		String stopSequence, Usage usage, Map<String, JsonNode> extra, RateLimitSnapshot rateLimits, Source source,
		String fallbackFrom) {

	public ClaudeResponse {
		content = (content != null) ? List.copyOf(content) : List.of();
		usage = (usage != null) ? usage : Usage.NONE;
		extra = (extra != null) ? Map.copyOf(extra) : Map.of();
		rateLimits = (rateLimits != null) ? rateLimits : RateLimitSnapshot.EMPTY;
		source = (source != null) ? source : Source.API;
	}

	/**
	 * An answer straight from the API.
	 * @param id the message id
	 * @param model the model that answered
	 * @param role always {@code assistant}
	 * @param content the content blocks
	 * @param stopReason why generation stopped
	 * @param stopSequence the stop sequence hit, or {@code null}
	 * @param usage the token counts
	 * @param extra fields this model does not name
	 * @param rateLimits the rate-limit headers
	 */
	public ClaudeResponse(String id, String model, String role, List<ContentBlock> content, String stopReason,
			String stopSequence, Usage usage, Map<String, JsonNode> extra, RateLimitSnapshot rateLimits) {
		this(id, model, role, content, stopReason, stopSequence, usage, extra, rateLimits, Source.API, null);
	}

	/**
	 * Whether the answer was served from the response cache (fresh or stale).
	 * @return {@code true} for a cache hit
	 */
	public boolean fromCache() {
		return this.source != Source.API;
	}

	/**
	 * Whether a fallback model answered instead of the one asked for.
	 * @return {@code true} for a fallback answer
	 */
	public boolean isFallback() {
		return this.fallbackFrom != null;
	}

	/**
	 * This answer marked as coming from another source.
	 * @param source the source
	 * @return a copy
	 */
	public ClaudeResponse withSource(Source source) {
		return new ClaudeResponse(this.id, this.model, this.role, this.content, this.stopReason, this.stopSequence,
				this.usage, this.extra, this.rateLimits, source, this.fallbackFrom);
	}

	/**
	 * This answer marked as a fallback for another model.
	 * @param requestedModel the model that was asked for
	 * @return a copy
	 */
	public ClaudeResponse asFallbackFor(String requestedModel) {
		return new ClaudeResponse(this.id, this.model, this.role, this.content, this.stopReason, this.stopSequence,
				this.usage, this.extra, this.rateLimits, this.source, requestedModel);
	}

	/**
	 * The text blocks of the answer, concatenated.
	 * @return the text, empty when the answer has none
	 */
	public String text() {
		return Texts.join(this.content);
	}

	/**
	 * Where an answer came from.
	 */
	public enum Source {

		/** Fresh from the API. */
		API,

		/** From the response cache, within its time to live. */
		CACHE,

		/** From the response cache past its time to live, because the API could not answer. */
		STALE_CACHE

	}

}
