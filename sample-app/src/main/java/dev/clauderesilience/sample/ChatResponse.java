package dev.clauderesilience.sample;

import dev.clauderesilience.client.ClaudeResponse;

/**
 * The body answered by {@code POST /api/chat}.
 *
 * @param text the answer's text
 * @param model the model that answered
 * @param fallback whether a fallback model answered instead of the one asked for
 * @param cached whether the answer came from the response cache
 * @param inputTokens the input tokens billed
 * @param outputTokens the output tokens generated
 */
record ChatResponse(String text, String model, boolean fallback, boolean cached, int inputTokens,
		int outputTokens) {

	static ChatResponse from(ClaudeResponse response) {
		return new ChatResponse(response.text(), response.model(), response.isFallback(), response.fromCache(),
				response.usage().inputTokens(), response.usage().outputTokens());
	}

}
