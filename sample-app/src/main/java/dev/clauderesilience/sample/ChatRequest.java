package dev.clauderesilience.sample;

/**
 * The body of {@code POST /api/chat} and {@code POST /api/chat/stream}.
 *
 * @param prompt the user's text (required)
 * @param system the system prompt, or {@code null}
 * @param model the model id, or {@code null} for {@code claude.model}
 * @param maxTokens the most tokens to generate, or {@code null} for {@code claude.max-tokens}
 * @param cacheable whether the answer may be served from, and stored in, the response cache
 * @param priority {@code interactive} (the default) or {@code batch}: batch calls wait behind
 * interactive ones when a limit binds
 * @param tenant whose budget and fair share the call counts against, or {@code null} for the
 * {@code X-Tenant-Id} header (or none)
 */
record ChatRequest(String prompt, String system, String model, Integer maxTokens, Boolean cacheable, String priority,
		String tenant) {

}
