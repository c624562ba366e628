package dev.clauderesilience.springai;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.metadata.EmptyRateLimit;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;

import dev.clauderesilience.client.ClaudeResponse;
import dev.clauderesilience.client.ContentBlock;
import dev.clauderesilience.client.RateLimitSnapshot;
import dev.clauderesilience.client.Usage;

/**
 * Turns Claude answers into Spring AI chat responses: one generation whose assistant message has
 * the text, the tool calls and (as the property {@link ClaudeResilienceChatModel#CONTENT_BLOCKS})
 * the blocks as received; the stop reason as finish reason; the id, the model that actually
 * answered, the usage, the rate limits and the pipeline's marks (fallback, cache) in the metadata.
 */
final class ChatResponseMapper {

	private ChatResponseMapper() {
	}

	/**
	 * A whole answer.
	 * @param answer the answer
	 * @param usage the tokens of this answer and of the tool round trips before it
	 */
	static ChatResponse toChatResponse(ClaudeResponse answer, Usage usage) {
		return new ChatResponse(List.of(new Generation(assistantMessage(answer, answer.text()), finish(answer))),
				metadata(answer, usage));
	}

	/**
	 * A piece of streamed text.
	 * @param start the message as started, {@code null} if the stream sent no start
	 * @param text the piece
	 */
	static ChatResponse textChunk(ClaudeResponse start, String text) {
		ChatResponseMetadata.Builder metadata = ChatResponseMetadata.builder();
		if (start != null) {
			metadata.id(Objects.requireNonNullElse(start.id(), "")).model(start.model());
		}
		return new ChatResponse(List.of(new Generation(new AssistantMessage(text))), metadata.build());
	}

	/**
	 * The end of a streamed answer whose text went out in chunks: no text, but the finish reason,
	 * the usage, the metadata, any tool calls and the blocks.
	 * @param answer the answer, folded
	 * @param usage the tokens of this answer and of the tool round trips before it
	 */
	static ChatResponse lastChunk(ClaudeResponse answer, Usage usage) {
		return new ChatResponse(List.of(new Generation(assistantMessage(answer, ""), finish(answer))),
				metadata(answer, usage));
	}

	/**
	 * The blocks an assistant message of this model arrived with.
	 * @return the blocks, or {@code null} when the message did not come from this model
	 */
	static List<ContentBlock> contentBlocks(AssistantMessage message) {
		Object blocks = message.getMetadata().get(ClaudeResilienceChatModel.CONTENT_BLOCKS);
		if (!(blocks instanceof List<?> list) || list.isEmpty()) {
			return null;
		}
		List<ContentBlock> content = new ArrayList<>(list.size());
		for (Object block : list) {
			if (!(block instanceof ContentBlock contentBlock)) {
				return null;
			}
			content.add(contentBlock);
		}
		return content;
	}

	static Usage plus(Usage earlier, Usage later) {
		return new Usage(earlier.inputTokens() + later.inputTokens(), earlier.outputTokens() + later.outputTokens(),
				earlier.cacheCreationInputTokens() + later.cacheCreationInputTokens(),
				earlier.cacheReadInputTokens() + later.cacheReadInputTokens());
	}

	private static AssistantMessage assistantMessage(ClaudeResponse answer, String text) {
		List<AssistantMessage.ToolCall> toolCalls = new ArrayList<>();
		for (ContentBlock block : answer.content()) {
			if (block instanceof ContentBlock.ToolUse toolUse) {
				String arguments = (toolUse.input() != null) ? toolUse.input().toString() : "{}";
				toolCalls.add(new AssistantMessage.ToolCall(toolUse.id(), "function", toolUse.name(), arguments));
			}
		}
		return AssistantMessage.builder()
			.content(text)
			.toolCalls(toolCalls)
			.properties(Map.of(ClaudeResilienceChatModel.CONTENT_BLOCKS, answer.content()))
			.build();
	}

	private static ChatGenerationMetadata finish(ClaudeResponse answer) {
		return ChatGenerationMetadata.builder().finishReason(answer.stopReason()).build();
	}

	private static ChatResponseMetadata metadata(ClaudeResponse answer, Usage usage) {
		RateLimitSnapshot rateLimits = answer.rateLimits();
		boolean headersKnown = rateLimits != RateLimitSnapshot.EMPTY;
		ChatResponseMetadata.Builder metadata = ChatResponseMetadata.builder()
			.id(Objects.requireNonNullElse(answer.id(), ""))
			.model(answer.model())
			.usage(new DefaultUsage(allInputTokens(usage), usage.outputTokens(), null, usage))
			.rateLimit(headersKnown ? new ClaudeRateLimit(rateLimits) : new EmptyRateLimit())
			.keyValue(ClaudeResilienceChatModel.SOURCE, answer.source());
		if (answer.isFallback()) {
			metadata.keyValue(ClaudeResilienceChatModel.FALLBACK_FROM, answer.fallbackFrom());
		}
		if (answer.stopSequence() != null) {
			metadata.keyValue(ClaudeResilienceChatModel.STOP_SEQUENCE, answer.stopSequence());
		}
		if (headersKnown) {
			metadata.keyValue(ClaudeResilienceChatModel.RATE_LIMITS, rateLimits);
		}
		return metadata.build();
	}

	// what the model read: fresh input and what was written to or read from the prompt cache
	private static int allInputTokens(Usage usage) {
		return usage.inputTokens() + usage.cacheCreationInputTokens() + usage.cacheReadInputTokens();
	}

}
