package dev.clauderesilience.springai;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.EmptyRateLimit;
import org.springframework.ai.chat.metadata.RateLimit;
import org.springframework.ai.chat.model.ChatResponse;

import dev.clauderesilience.client.ClaudeResponse;
import dev.clauderesilience.client.ContentBlock;
import dev.clauderesilience.client.RateLimitSnapshot;
import dev.clauderesilience.client.RateLimitSnapshot.Limit;
import dev.clauderesilience.client.Usage;

import static org.assertj.core.api.Assertions.assertThat;

class ChatResponseMapperTests {

	private static final Instant NOW = Instant.parse("2026-11-02T10:00:00Z");

	private static final RateLimitSnapshot HEADERS = new RateLimitSnapshot(
			new Limit(50L, 49L, NOW.plusSeconds(2)), new Limit(30_000L, 29_000L, NOW.plusSeconds(3)),
			new Limit(30_000L, 29_000L, NOW.plusSeconds(3)), new Limit(8_000L, 8_000L, NOW.minusSeconds(1)),
			new Limit(null, null, null), new Limit(null, null, null), null, null, "req_1", NOW);

	private static final List<ContentBlock> CONTENT = List.of(new ContentBlock.Thinking("Look it up.", "sig", Map.of()),
			ContentBlock.text("Let me check. "), ContentBlock.text("One moment."),
			new ContentBlock.ToolUse("toolu_1", "orderStatus", JsonNodeFactory.instance.objectNode().put("orderId", "A-42"),
					Map.of()));

	private static final ClaudeResponse ANSWER = new ClaudeResponse("msg_1", "claude-haiku-4-5", "assistant", CONTENT,
			"tool_use", null, new Usage(100, 20, 30, 400), Map.of(), HEADERS);

	@Test
	void answerShouldBecomeOneGenerationWithTextToolCallsAndBlocks() {
		ChatResponse response = ChatResponseMapper.toChatResponse(ANSWER, ANSWER.usage());

		assertThat(response.getResults()).hasSize(1);
		AssistantMessage message = response.getResult().getOutput();
		assertThat(message.getText()).isEqualTo("Let me check. One moment.");
		assertThat(message.getToolCalls()).containsExactly(
				new AssistantMessage.ToolCall("toolu_1", "function", "orderStatus", "{\"orderId\":\"A-42\"}"));
		assertThat(ChatResponseMapper.contentBlocks(message)).isEqualTo(CONTENT);
		assertThat(response.getResult().getMetadata().getFinishReason()).isEqualTo("tool_use");
	}

	@Test
	void metadataShouldCarryIdModelUsageAndRateLimits() {
		ChatResponse response = ChatResponseMapper.toChatResponse(ANSWER, new Usage(150, 40, 30, 400));

		assertThat(response.getMetadata().getId()).isEqualTo("msg_1");
		assertThat(response.getMetadata().getModel()).isEqualTo("claude-haiku-4-5");
		assertThat(response.getMetadata().getUsage().getPromptTokens()).isEqualTo(150 + 30 + 400);
		assertThat(response.getMetadata().getUsage().getCompletionTokens()).isEqualTo(40);
		assertThat(response.getMetadata().getUsage().getTotalTokens()).isEqualTo(620);
		assertThat(response.getMetadata().getUsage().getNativeUsage()).isEqualTo(new Usage(150, 40, 30, 400));
		RateLimit rateLimit = response.getMetadata().getRateLimit();
		assertThat(rateLimit.getRequestsLimit()).isEqualTo(50L);
		assertThat(rateLimit.getRequestsRemaining()).isEqualTo(49L);
		assertThat(rateLimit.getRequestsReset()).isEqualTo(Duration.ofSeconds(2));
		assertThat(rateLimit.getTokensLimit()).isEqualTo(30_000L);
		assertThat(rateLimit.getTokensRemaining()).isEqualTo(29_000L);
		assertThat(rateLimit.getTokensReset()).isEqualTo(Duration.ofSeconds(3));
		assertThat((Object) response.getMetadata().get(ClaudeResilienceChatModel.RATE_LIMITS)).isEqualTo(HEADERS);
		assertThat((Object) response.getMetadata().get(ClaudeResilienceChatModel.SOURCE))
			.isEqualTo(ClaudeResponse.Source.API);
		assertThat(response.getMetadata().containsKey(ClaudeResilienceChatModel.FALLBACK_FROM)).isFalse();
		assertThat(response.getMetadata().containsKey(ClaudeResilienceChatModel.STOP_SEQUENCE)).isFalse();
	}

	@Test
	void fallbackAnswerShouldBeMarkedWithTheModelAskedFor() {
		ChatResponse response = ChatResponseMapper.toChatResponse(ANSWER.asFallbackFor("claude-sonnet-4-5"),
				Usage.NONE);

		assertThat(response.getMetadata().getModel()).isEqualTo("claude-haiku-4-5");
		assertThat((String) response.getMetadata().get(ClaudeResilienceChatModel.FALLBACK_FROM))
			.isEqualTo("claude-sonnet-4-5");
	}

	@Test
	void answerFromTheCacheShouldSaySoAndHaveNoRateLimits() {
		ClaudeResponse cached = new ClaudeResponse("msg_2", "claude-sonnet-4-5", "assistant",
				List.of(ContentBlock.text("Hello")), "stop_sequence", "END", Usage.NONE, Map.of(), null)
			.withSource(ClaudeResponse.Source.STALE_CACHE);

		ChatResponse response = ChatResponseMapper.toChatResponse(cached, Usage.NONE);

		assertThat(response.getMetadata().getRateLimit()).isInstanceOf(EmptyRateLimit.class);
		assertThat(response.getMetadata().containsKey(ClaudeResilienceChatModel.RATE_LIMITS)).isFalse();
		assertThat((Object) response.getMetadata().get(ClaudeResilienceChatModel.SOURCE))
			.isEqualTo(ClaudeResponse.Source.STALE_CACHE);
		assertThat((String) response.getMetadata().get(ClaudeResilienceChatModel.STOP_SEQUENCE)).isEqualTo("END");
		assertThat(response.getResult().getMetadata().getFinishReason()).isEqualTo("stop_sequence");
	}

	@Test
	void resetInThePastShouldBeNoWait() {
		RateLimitSnapshot passed = new RateLimitSnapshot(new Limit(50L, 50L, NOW.minusSeconds(5)),
				new Limit(null, null, null), new Limit(null, null, null), new Limit(null, null, null),
				new Limit(null, null, null), new Limit(null, null, null), null, null, null, NOW);

		assertThat(new ClaudeRateLimit(passed).getRequestsReset()).isZero();
		assertThat(new ClaudeRateLimit(passed).getTokensReset()).isNull();
		assertThat(new ClaudeRateLimit(passed).getTokensLimit()).isNull();
	}

	@Test
	void chunksShouldCarryTextOrTheEndOfTheAnswer() {
		ChatResponse text = ChatResponseMapper.textChunk(ANSWER, "Let me");
		ChatResponse last = ChatResponseMapper.lastChunk(ANSWER, ANSWER.usage());

		assertThat(text.getResult().getOutput().getText()).isEqualTo("Let me");
		assertThat(text.getResult().getOutput().hasToolCalls()).isFalse();
		assertThat(text.getMetadata().getModel()).isEqualTo("claude-haiku-4-5");
		assertThat(text.getMetadata().getId()).isEqualTo("msg_1");
		assertThat(last.getResult().getOutput().getText()).isEmpty();
		assertThat(last.getResult().getOutput().getToolCalls()).hasSize(1);
		assertThat(ChatResponseMapper.contentBlocks(last.getResult().getOutput())).isEqualTo(CONTENT);
		assertThat(last.getResult().getMetadata().getFinishReason()).isEqualTo("tool_use");
		assertThat(last.getMetadata().getUsage().getCompletionTokens()).isEqualTo(20);
		assertThat(ChatResponseMapper.textChunk(null, "x").getMetadata().getModel()).isEmpty();
	}

	@Test
	void blocksOfAMessageFromElsewhereShouldBeNone() {
		assertThat(ChatResponseMapper.contentBlocks(new AssistantMessage("Hi"))).isNull();
		assertThat(ChatResponseMapper.contentBlocks(AssistantMessage.builder()
			.content("Hi")
			.properties(Map.of(ClaudeResilienceChatModel.CONTENT_BLOCKS, List.of("not a block")))
			.build())).isNull();
	}

	@Test
	void usageShouldAddUp() {
		assertThat(ChatResponseMapper.plus(new Usage(1, 2, 3, 4), new Usage(10, 20, 30, 40)))
			.isEqualTo(new Usage(11, 22, 33, 44));
	}

}
