package dev.clauderesilience.client;

import java.util.List;
import java.util.Objects;

/**
 * One turn of the conversation.
 *
 * @param role {@code user} or {@code assistant}
 * @param content the content blocks
 * @since 0.1.0
 */
public record Message(String role, List<ContentBlock> content) {

	public Message {
		Objects.requireNonNull(role, "role");
		content = List.copyOf(content);
	}

	/**
	 * A user turn with plain text.
	 * @param text the text
	 * @return the message
	 */
	public static Message user(String text) {
		return new Message("user", List.of(ContentBlock.text(text)));
	}

	/**
	 * An assistant turn with plain text.
	 * @param text the text
	 * @return the message
	 */
	public static Message assistant(String text) {
		return new Message("assistant", List.of(ContentBlock.text(text)));
	}

	/**
	 * The text blocks of this turn, concatenated.
	 * @return the text, empty when none
	 */
	public String text() {
		return Texts.join(this.content);
	}

}
