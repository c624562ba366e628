package dev.clauderesilience.sample;

/**
 * The body of {@code POST /api/chat} and {@code POST /api/chat/stream}.
 *
 * @param prompt the user's text (required)
 * @param system the system prompt, or {@code null}
 * @param model the model id, or {@code null} for {@code claude.model}
 * @param maxTokens the most tokens to generate, or {@code null} for {@code claude.max-tokens}
 * @param cacheable whether the answer may be served from, and stored in, the response cache
 */
record ChatRequest(String prompt, String system, String model, Integer maxTokens, Boolean cacheable) {

}
