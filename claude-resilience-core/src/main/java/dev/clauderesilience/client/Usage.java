package dev.clauderesilience.client;

/**
 * Token counts of one answer.
 *
 * @param inputTokens input tokens not read from or written to the prompt cache
 * @param outputTokens output tokens generated
 * @param cacheCreationInputTokens input tokens written to the prompt cache
 * @param cacheReadInputTokens input tokens read from the prompt cache (not counted toward the
 * input-tokens-per-minute limit)
 * @since 0.1.0
 */
public record Usage(int inputTokens, int outputTokens, int cacheCreationInputTokens, int cacheReadInputTokens) {

	/** No tokens. */
	public static final Usage NONE = new Usage(0, 0, 0, 0);

	/**
	 * The input tokens that count toward the input-tokens-per-minute limit.
	 * @return input plus cache-creation tokens
	 */
	public int rateLimitedInputTokens() {
		return this.inputTokens + this.cacheCreationInputTokens;
	}

}
