package dev.clauderesilience.client;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One typed event of a streamed answer. {@code ping} and event types this version does not
 * know are skipped; an {@code error} event ends the stream with a {@link ClaudeStreamException}.
 *
 * @since 0.1.0
 */
public sealed interface ClaudeStreamEvent permits ClaudeStreamEvent.MessageStart, ClaudeStreamEvent.ContentBlockStart,
		ClaudeStreamEvent.ContentBlockDelta, ClaudeStreamEvent.ContentBlockStop, ClaudeStreamEvent.MessageDelta,
		ClaudeStreamEvent.MessageStop {

	/**
	 * The message with empty content and the usage so far; its {@code rateLimits} come from the
	 * HTTP headers of the stream.
	 *
	 * @param message the message shell
	 */
	record MessageStart(ClaudeResponse message) implements ClaudeStreamEvent {
	}

	/**
	 * A content block begins.
	 *
	 * @param index the block index
	 * @param block the block as started (empty text, empty tool input, ...)
	 */
	record ContentBlockStart(int index, ContentBlock block) implements ClaudeStreamEvent {
	}

	/**
	 * A piece of a content block.
	 *
	 * @param index the block index
	 * @param delta the piece
	 */
	record ContentBlockDelta(int index, Delta delta) implements ClaudeStreamEvent {
	}

	/**
	 * A content block ends.
	 *
	 * @param index the block index
	 */
	record ContentBlockStop(int index) implements ClaudeStreamEvent {
	}

	/**
	 * Top-level changes near the end: the stop reason and the cumulative usage.
	 *
	 * @param stopReason why generation stopped
	 * @param stopSequence the stop sequence hit, or {@code null}
	 * @param usage cumulative usage (fields the event does not carry are zero)
	 */
	record MessageDelta(String stopReason, String stopSequence, Usage usage) implements ClaudeStreamEvent {
	}

	/**
	 * The stream is complete.
	 */
	record MessageStop() implements ClaudeStreamEvent {
	}

	/**
	 * A piece of a content block.
	 */
	sealed interface Delta permits TextDelta, InputJsonDelta, ThinkingDelta, SignatureDelta, UnknownDelta {
	}

	/**
	 * More text.
	 *
	 * @param text the text
	 */
	record TextDelta(String text) implements Delta {
	}

	/**
	 * More of a tool input's JSON.
	 *
	 * @param partialJson the JSON fragment
	 */
	record InputJsonDelta(String partialJson) implements Delta {
	}

	/**
	 * More thinking.
	 *
	 * @param thinking the thinking text
	 */
	record ThinkingDelta(String thinking) implements Delta {
	}

	/**
	 * The signature of a thinking block.
	 *
	 * @param signature the signature
	 */
	record SignatureDelta(String signature) implements Delta {
	}

	/**
	 * A delta of a type this version does not know, kept whole.
	 *
	 * @param type the delta type
	 * @param fields every field but {@code type}
	 */
	record UnknownDelta(String type, Map<String, JsonNode> fields) implements Delta {
	}

}
