package dev.clauderesilience.test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.InternalServerException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.errors.OverloadedException;
import com.anthropic.errors.PermissionDeniedException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.errors.SseException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageTokensCount;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolChoiceTool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The official Java SDK against the simulator: where they disagree, the simulator is wrong.
 */
class ClaudeSimulatorSdkConformanceTests {

	@RegisterExtension
	static ClaudeSimulatorExtension sim = ClaudeSimulatorExtension.create();

	private static AnthropicClient client;

	@BeforeAll
	static void createClient(ClaudeSimulator simulator) {
		client = AnthropicOkHttpClient.builder()
			.baseUrl(simulator.baseUrl())
			.apiKey(simulator.apiKey())
			.maxRetries(0)
			.build();
	}

	@AfterAll
	static void closeClient() {
		client.close();
	}

	@Test
	void createShouldParseMessage() {
		Message message = client.messages().create(params(1024));
		message.validate();
		assertThat(message.id()).startsWith("msg_sim_");
		assertThat(message.model().asString()).isEqualTo("claude-sonnet-4-5");
		assertThat(message.stopReason()).contains(StopReason.END_TURN);
		String text = message.content().get(0).asText().text();
		assertThat(text).isNotBlank();
		assertThat(message.usage().outputTokens()).isEqualTo(text.split(" ").length);
		assertThat(message.usage().inputTokens()).isPositive();
		assertThat(message.usage().cacheReadInputTokens()).contains(0L);
	}

	@Test
	void createWhenMaxTokensReachedShouldParseMaxTokensStopReason() {
		Message message = client.messages().create(params(3));
		assertThat(message.stopReason()).contains(StopReason.MAX_TOKENS);
		assertThat(message.usage().outputTokens()).isEqualTo(3);
	}

	@Test
	void sdkWithApiKeyShouldSendBearerAndNewestVersion() {
		client.messages().create(params(16));
		JournalEntry entry = sim.simulator().journal().get(0);
		// Java SDK 3.14.0 sends even the key given to apiKey(...) as Authorization: Bearer (no
		// x-api-key header) and defaults to anthropic-version 2026-10-21
		assertThat(entry.authScheme()).isEqualTo(JournalEntry.AUTH_BEARER);
		assertThat(entry.apiVersion()).isEqualTo("2026-10-21");
		assertThat(entry.userAgent()).isNotBlank();
		assertThat(entry.status()).isEqualTo(200);
	}

	@Test
	void sdkWithAuthTokenShouldAuthenticateWithBearer() {
		AnthropicClient bearerClient = AnthropicOkHttpClient.builder()
			.baseUrl(sim.baseUrl())
			.authToken(sim.apiKey())
			.maxRetries(0)
			.build();
		try {
			bearerClient.messages().create(params(16));
		}
		finally {
			bearerClient.close();
		}
		assertThat(sim.simulator().journal().get(0).authScheme()).isEqualTo(JournalEntry.AUTH_BEARER);
	}

	@Test
	void createStreamingShouldParseEventsAndAccumulateText() {
		MessageAccumulator accumulator = MessageAccumulator.create();
		List<String> kinds = new ArrayList<>();
		try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params(1024))) {
			stream.stream().forEach((event) -> {
				accumulator.accumulate(event);
				kinds.add(kind(event));
			});
		}
		Message streamed = accumulator.message();
		Message plain = client.messages().create(params(1024));
		assertThat(kinds.get(0)).isEqualTo("message_start");
		assertThat(kinds.get(kinds.size() - 1)).isEqualTo("message_stop");
		assertThat(kinds).contains("content_block_start", "content_block_delta", "content_block_stop",
				"message_delta");
		assertThat(streamed.content().get(0).asText().text()).isEqualTo(plain.content().get(0).asText().text());
		assertThat(streamed.stopReason()).contains(StopReason.END_TURN);
		assertThat(streamed.usage().outputTokens()).isEqualTo(plain.usage().outputTokens());
	}

	@Test
	void countTokensShouldParseInputTokens() {
		MessageTokensCount count = client.messages()
			.countTokens(MessageCountTokensParams.builder()
				.model("claude-sonnet-4-5")
				.addUserMessage("Hello world, count me")
				.build());
		// 21 characters: ceil(21 / 4) = 6
		assertThat(count.inputTokens()).isEqualTo(6);
	}

	@Test
	void errorsShouldMapToSdkExceptionTypes() {
		Map<Integer, Class<? extends AnthropicServiceException>> types = Map.of(400, BadRequestException.class, 401,
				UnauthorizedException.class, 403, PermissionDeniedException.class, 404, NotFoundException.class, 429,
				RateLimitException.class, 500, InternalServerException.class, 529, OverloadedException.class);
		types.forEach((status, type) -> {
			sim.simulator().enqueueFault(SimulatedFault.status(status));
			assertThatExceptionOfType(type).isThrownBy(() -> client.messages().create(params(16)))
				.satisfies((ex) -> {
					assertThat(ex.statusCode()).isEqualTo(status);
					assertThat(ex.requestId()).hasValueSatisfying((id) -> assertThat(id).startsWith("req_sim_"));
					assertThat(ex.errorType()).isPresent();
				});
		});
	}

	@Test
	void rateLimitShouldExposeRetryAfterAndSpendCapErrorCode() {
		sim.simulator().enqueueFault(SimulatedFault.rateLimited(Duration.ofSeconds(7)));
		assertThatExceptionOfType(RateLimitException.class).isThrownBy(() -> client.messages().create(params(16)))
			.satisfies((ex) -> assertThat(ex.headers().values("retry-after")).containsExactly("7"));
		sim.simulator().enqueueFault(SimulatedFault.spendLimitReached(LocalDate.of(2026, 12, 1)));
		assertThatExceptionOfType(RateLimitException.class).isThrownBy(() -> client.messages().create(params(16)))
			.satisfies((ex) -> {
				assertThat(ex.errorCode()).contains("enforced_spend_limit_reached");
				assertThat(ex.headers().values("retry-after")).isEmpty();
			});
	}

	@Test
	void versionRuleWhenTemperatureSentRawShouldSurfaceAsBadRequest() {
		MessageCreateParams withTemperature = params(16).toBuilder()
			.putAdditionalBodyProperty("temperature", JsonValue.from(0.5))
			.build();
		assertThatExceptionOfType(BadRequestException.class)
			.isThrownBy(() -> client.messages().create(withTemperature))
			.satisfies((ex) -> assertThat(ex.apiMessage()).contains("temperature: Extra inputs are not permitted"));
	}

	@Test
	void midStreamErrorShouldRaiseSseException() {
		sim.simulator().enqueueFault(SimulatedFault.midStreamError());
		List<String> kinds = new ArrayList<>();
		assertThatExceptionOfType(SseException.class).isThrownBy(() -> {
			try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params(1024))) {
				stream.stream().forEach((event) -> kinds.add(kind(event)));
			}
		});
		assertThat(kinds).startsWith("message_start").contains("content_block_delta");
	}

	@Test
	void toolUseRoundTripShouldParseToolUseThenAnswerTheResult() {
		MessageCreateParams ask = MessageCreateParams.builder()
			.model("claude-sonnet-4-5")
			.maxTokens(1024)
			.addTool(weatherTool())
			.addUserMessage("What is the weather in Paris? Use get_weather with city: Paris")
			.build();
		Message call = client.messages().create(ask);
		call.validate();
		assertThat(call.stopReason()).contains(StopReason.TOOL_USE);
		ToolUseBlock toolUse = call.content().stream().filter(ContentBlock::isToolUse).findFirst().get().asToolUse();
		assertThat(toolUse.id()).startsWith("toolu_sim_");
		assertThat(toolUse.name()).isEqualTo("get_weather");
		assertThat(toolUse._input().convert(Map.class)).isEqualTo(Map.of("city", "Paris"));
		Message answer = client.messages()
			.create(ask.toBuilder()
				.addMessage(call)
				.addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(
						ToolResultBlockParam.builder().toolUseId(toolUse.id()).content("15 degrees and sunny").build())))
				.build());
		assertThat(answer.stopReason()).contains(StopReason.END_TURN);
		assertThat(answer.content().get(0).asText().text())
			.isEqualTo("The get_weather tool returned: 15 degrees and sunny");
	}

	@Test
	void toolUseWhenStreamingShouldAccumulateTheToolInput() {
		MessageAccumulator accumulator = MessageAccumulator.create();
		MessageCreateParams forced = MessageCreateParams.builder()
			.model("claude-sonnet-4-5")
			.maxTokens(1024)
			.addTool(weatherTool())
			.toolChoice(ToolChoiceTool.builder().name("get_weather").build())
			.addUserMessage("Weather for city=\"New York\" please")
			.build();
		try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(forced)) {
			stream.stream().forEach(accumulator::accumulate);
		}
		Message streamed = accumulator.message();
		assertThat(streamed.stopReason()).contains(StopReason.TOOL_USE);
		assertThat(streamed.content()).singleElement().satisfies((block) -> {
			assertThat(block.asToolUse().name()).isEqualTo("get_weather");
			assertThat(block.asToolUse()._input().convert(Map.class)).isEqualTo(Map.of("city", "New York"));
		});
		assertThat(streamed.usage().outputTokens()).isEqualTo(client.messages().create(forced).usage().outputTokens());
	}

	@Test
	void unknownModelShouldRaiseNotFoundWithTheModelId() {
		MessageCreateParams unknown = params(16).toBuilder().model("claude-nonexistent-9").build();
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> client.messages().create(unknown))
			.satisfies((ex) -> {
				assertThat(ex.statusCode()).isEqualTo(404);
				assertThat(ex.apiMessage()).contains("model: claude-nonexistent-9");
				assertThat(ex.errorType()).hasValueSatisfying(
						(type) -> assertThat(type.asString()).isEqualTo("not_found_error"));
			});
	}

	private static Tool weatherTool() {
		return Tool.builder()
			.name("get_weather")
			.description("The current weather of a city")
			.inputSchema(Tool.InputSchema.builder()
				.properties(JsonValue.from(Map.of("city", Map.of("type", "string"))))
				.required(List.of("city"))
				.build())
			.build();
	}

	private static MessageCreateParams params(long maxTokens) {
		return MessageCreateParams.builder()
			.model("claude-sonnet-4-5")
			.maxTokens(maxTokens)
			.addUserMessage("Tell me about the simulator")
			.build();
	}

	private static String kind(RawMessageStreamEvent event) {
		if (event.isMessageStart()) {
			return "message_start";
		}
		if (event.isContentBlockStart()) {
			return "content_block_start";
		}
		if (event.isContentBlockDelta()) {
			return "content_block_delta";
		}
		if (event.isContentBlockStop()) {
			return "content_block_stop";
		}
		if (event.isMessageDelta()) {
			return "message_delta";
		}
		return event.isMessageStop() ? "message_stop" : "other";
	}

}
