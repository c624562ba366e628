package dev.clauderesilience.autoconfigure.properties;

import dev.clauderesilience.client.ClaudeException;

/**
 * Texts shown to end users ({@code claude.messages.*}).
 *
 * @since 0.2.0
 */
public class MessagesProperties {

	/**
	 * What end users are told when nothing can answer. Never the API's own error text.
	 */
	private String unavailable = ClaudeException.UNAVAILABLE_MESSAGE;

	public String getUnavailable() {
		return this.unavailable;
	}

	public void setUnavailable(String unavailable) {
		this.unavailable = unavailable;
	}

}
