package dev.clauderesilience.client;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One block of message content. The known types are records here; a block of a type this
 * version does not know arrives as {@link Unknown} and is sent back unchanged. Fields a known
 * block carries beyond the ones modelled (e.g. {@code cache_control}) are kept in
 * {@code extra} and sent back too.
 *
 * @since 0.1.0
 */
public sealed interface ContentBlock permits ContentBlock.Text, ContentBlock.Image, ContentBlock.Document,
		ContentBlock.ToolUse, ContentBlock.ToolResult, ContentBlock.Thinking, ContentBlock.RedactedThinking,
		ContentBlock.Unknown {

	/**
	 * The block's {@code type} as the API names it.
	 * @return e.g. {@code text}
	 */
	String type();

	/**
	 * The fields this model does not name, kept as received.
	 * @return never {@code null}
	 */
	Map<String, JsonNode> extra();

	/**
	 * A plain text block.
	 * @param text the text
	 * @return the block
	 */
	static Text text(String text) {
		return new Text(text, null, Map.of());
	}

	/**
	 * A text block.
	 *
	 * @param text the text
	 * @param citations the citations array, or {@code null}
	 * @param extra other fields
	 */
	record Text(String text, JsonNode citations, Map<String, JsonNode> extra) implements ContentBlock {

		public Text {
			extra = (extra != null) ? Map.copyOf(extra) : Map.of();
		}

		@Override
		public String type() {
			return "text";
		}

		/**
		 * Whether this block carries a non-empty citations array.
		 * @return {@code true} when citations are present
		 */
		public boolean hasCitations() {
			return this.citations != null && this.citations.isArray() && !this.citations.isEmpty();
		}

	}

	/**
	 * An image block.
	 *
	 * @param source the image source object ({@code base64} or {@code url})
	 * @param extra other fields
	 */
	record Image(JsonNode source, Map<String, JsonNode> extra) implements ContentBlock {

		public Image {
			extra = (extra != null) ? Map.copyOf(extra) : Map.of();
		}

		@Override
		public String type() {
			return "image";
		}

	}

	/**
	 * A document block (PDF, plain text or content).
	 *
	 * @param source the document source object
	 * @param extra other fields (title, context, citations, ...)
	 */
	record Document(JsonNode source, Map<String, JsonNode> extra) implements ContentBlock {

		public Document {
			extra = (extra != null) ? Map.copyOf(extra) : Map.of();
		}

		@Override
		public String type() {
			return "document";
		}

	}

	/**
	 * A tool call requested by the model.
	 *
	 * @param id the tool-use id
	 * @param name the tool name
	 * @param input the tool input object
	 * @param extra other fields
	 */
	record ToolUse(String id, String name, JsonNode input, Map<String, JsonNode> extra) implements ContentBlock {

		public ToolUse {
			extra = (extra != null) ? Map.copyOf(extra) : Map.of();
		}

		@Override
		public String type() {
			return "tool_use";
		}

	}

	/**
	 * The result of a tool call, sent back by the user.
	 *
	 * @param toolUseId the id of the tool use answered
	 * @param content the result, a string or an array of blocks
	 * @param isError whether the tool failed, or {@code null}
	 * @param extra other fields
	 */
	record ToolResult(String toolUseId, JsonNode content, Boolean isError, Map<String, JsonNode> extra)
			implements ContentBlock {

		public ToolResult {
			extra = (extra != null) ? Map.copyOf(extra) : Map.of();
		}

		@Override
		public String type() {
			return "tool_result";
		}

	}

	/**
	 * Extended thinking produced by the model.
	 *
	 * @param thinking the thinking text
	 * @param signature the signature to send back with it
	 * @param extra other fields
	 */
	record Thinking(String thinking, String signature, Map<String, JsonNode> extra) implements ContentBlock {

		public Thinking {
			extra = (extra != null) ? Map.copyOf(extra) : Map.of();
		}

		@Override
		public String type() {
			return "thinking";
		}

	}

	/**
	 * Thinking the API redacted.
	 *
	 * @param data the opaque data to send back
	 * @param extra other fields
	 */
	record RedactedThinking(String data, Map<String, JsonNode> extra) implements ContentBlock {

		public RedactedThinking {
			extra = (extra != null) ? Map.copyOf(extra) : Map.of();
		}

		@Override
		public String type() {
			return "redacted_thinking";
		}

	}

	/**
	 * A block of a type this version does not model, kept whole and passed through.
	 *
	 * @param type the block type
	 * @param extra every field but {@code type}
	 */
	record Unknown(String type, Map<String, JsonNode> extra) implements ContentBlock {

		public Unknown {
			extra = (extra != null) ? Map.copyOf(extra) : Map.of();
		}

	}

}
