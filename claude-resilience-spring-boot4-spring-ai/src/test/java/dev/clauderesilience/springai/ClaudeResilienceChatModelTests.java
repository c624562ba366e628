package dev.clauderesilience.springai;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.function.FunctionToolCallback;
import org.springframework.ai.tool.metadata.ToolMetadata;

import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeUnavailableException;
import dev.clauderesilience.client.ContentBlock;
import dev.clauderesilience.client.Message;
import dev.clauderesilience.retry.ClaudeDeadlineExceededException;

import static dev.clauderesilience.springai.ScriptedClaudeClient.FINAL_ANSWER;
import static dev.clauderesilience.springai.ScriptedClaudeClient.TOOL_CALL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ClaudeResilienceChatModelTests {

	private final ScriptedClaudeClient client = new ScriptedClaudeClient();

	private final List<String> toolThreads = new CopyOnWriteArrayList<>();

	private final ToolCallback orderStatus = FunctionToolCallback
		.<Map<String, String>, String>builder("orderStatus", (input) -> {
			this.toolThreads.add(Thread.currentThread().getName());
			return "shipped " + input.get("orderId");
		})
		.description("The status of an order")
		.inputSchema("{\"type\":\"object\",\"properties\":{\"orderId\":{\"type\":\"string\"}}}")
		.inputType(Map.class)
		.build();

	@Test
	void answerWithToolCallsShouldComeBackWithThemAndTheirBlocksWithNoToolRun() {
		this.client.answer(TOOL_CALL).answer(TOOL_CALL);

		ChatResponse called = model().call(prompt());
		List<ChatResponse> streamed = model().stream(prompt()).collectList().block();

		for (ChatResponse response : List.of(called, streamed.get(streamed.size() - 1))) {
			assertThat(response.hasToolCalls()).isTrue();
			assertThat(response.getResult().getOutput().getToolCalls()).singleElement()
				.satisfies((call) -> assertThat(call.arguments()).isEqualTo("{\"orderId\":\"A-42\"}"));
			assertThat(ChatResponseMapper.contentBlocks(response.getResult().getOutput()))
				.isEqualTo(TOOL_CALL.content());
			assertThat(response.getResult().getMetadata().getFinishReason()).isEqualTo("tool_use");
		}
		assertThat(streamed).extracting((chunk) -> chunk.getResult().getOutput().getText())
			.containsExactly("Chec", "king.", "");
		assertThat(this.toolThreads).isEmpty();
		assertThat(this.client.requests).hasSize(2)
			.allSatisfy((request) -> assertThat(request.tools()).extracting(ClaudeRequest.Tool::name)
				.containsExactly("orderStatus"));
	}

	@Test
	void toolRoundTripThroughChatClientShouldSendTheThinkingBackBeforeTheToolCallAndAddUpTheUsage() {
		this.client.answer(TOOL_CALL).answer(FINAL_ANSWER);

		ChatResponse response = ChatClient.create(model())
			.prompt()
			.user("Where is A-42?")
			.tools(this.orderStatus)
			.call()
			.chatResponse();

		assertThat(response.getResult().getOutput().getText()).isEqualTo("It shipped on Monday.");
		assertThat(response.getMetadata().getUsage().getPromptTokens()).isEqualTo(20);
		assertThat(response.getMetadata().getUsage().getCompletionTokens()).isEqualTo(10);
		assertThat(this.client.requests).hasSize(2);
		List<Message> followUp = this.client.requests.get(1).messages();
		assertThat(followUp).extracting(Message::role).containsExactly("user", "assistant", "user");
		assertThat(followUp.get(1).content()).isEqualTo(TOOL_CALL.content());
		assertThat(followUp.get(2).content()).containsExactly(new ContentBlock.ToolResult("toolu_1",
				JsonNodeFactory.instance.textNode("\"shipped A-42\""), null, Map.of()));
	}

	@Test
	void streamedToolRoundTripThroughChatClientShouldRunTheToolOffTheStreamAndSendTheSameFollowUp() {
		this.client.answer(TOOL_CALL).answer(FINAL_ANSWER);

		List<ChatResponse> chunks = ChatClient.create(model())
			.prompt()
			.user("Where is A-42?")
			.tools(this.orderStatus)
			.stream()
			.chatResponse()
			.collectList()
			.block();

		assertThat(chunks).extracting((chunk) -> chunk.getResult().getOutput().getText())
			.containsExactly("Chec", "king.", "It shipped", " on Monday.", "");
		assertThat(this.toolThreads).singleElement().asString().startsWith("boundedElastic");
		assertThat(this.client.requests.get(1).messages().get(1).content()).isEqualTo(TOOL_CALL.content());
		ChatResponse last = chunks.get(chunks.size() - 1);
		assertThat(last.getMetadata().getUsage().getPromptTokens()).isEqualTo(20);
		assertThat(last.getResult().getMetadata().getFinishReason()).isEqualTo("end_turn");
	}

	@Test
	void toolThatReturnsDirectlyShouldEndTheCallWithItsResult() {
		ToolCallback direct = FunctionToolCallback.<Map<String, String>, String>builder("orderStatus",
				(input) -> "shipped")
			.description("The status of an order")
			.inputType(Map.class)
			.toolMetadata(ToolMetadata.builder().returnDirect(true).build())
			.build();
		this.client.answer(TOOL_CALL);

		String answer = ChatClient.create(model()).prompt().user("Where is A-42?").tools(direct).call().content();

		assertThat(answer).isEqualTo("\"shipped\"");
		assertThat(this.client.requests).hasSize(1);
	}

	@Test
	void failureShouldReachTheCallerAsTheClientsException() {
		ClaudeUnavailableException unavailable = new ClaudeUnavailableException("Try later.", null,
				ClaudeDeadlineExceededException.of(Duration.ofSeconds(1)));
		this.client.fail(unavailable).fail(unavailable);

		assertThatExceptionOfType(ClaudeUnavailableException.class).isThrownBy(() -> model().call(prompt()))
			.isSameAs(unavailable);
		assertThatExceptionOfType(ClaudeUnavailableException.class)
			.isThrownBy(() -> model().stream(prompt()).blockLast())
			.isSameAs(unavailable);
	}

	@Test
	void optionsOfAnotherTypeShouldBeLaidOverTheModelsAndNoneShouldTakeTheModels() {
		this.client.answer(FINAL_ANSWER).answer(FINAL_ANSWER);
		ClaudeResilienceChatModel model = ClaudeResilienceChatModel.builder(this.client)
			.options(ClaudeResilienceChatOptions.builder()
				.maxTokens(10)
				.priority(ClaudeRequest.Priority.BATCH)
				.build())
			.build();

		model.call(new Prompt(List.of(new UserMessage("Hi")), ChatOptions.builder().maxTokens(99).build()));
		model.call(new Prompt("Hi"));

		assertThat(this.client.requests).extracting(ClaudeRequest::maxTokens).containsExactly(99, 10);
		assertThat(this.client.requests).extracting(ClaudeRequest::priority)
			.containsOnly(ClaudeRequest.Priority.BATCH);
	}

	@Test
	void chatClientShouldStartEachRequestFromTheModelsOptions() {
		this.client.answer(FINAL_ANSWER);
		ClaudeResilienceChatModel model = ClaudeResilienceChatModel.builder(this.client)
			.options(ClaudeResilienceChatOptions.builder().tenant("acme").maxTokens(10).build())
			.build();

		ChatClient.create(model)
			.prompt()
			.user("Hi")
			.options(ClaudeResilienceChatOptions.builder().maxTokens(20).userId("user-7"))
			.call()
			.content();

		ClaudeRequest request = this.client.requests.get(0);
		assertThat(request.tenant()).isEqualTo("acme");
		assertThat(request.maxTokens()).isEqualTo(20);
		assertThat(request.metadata()).containsEntry("user_id", "user-7");
		assertThat(model.getOptions().getMaxTokens()).isEqualTo(10);
	}

	private ClaudeResilienceChatModel model() {
		return ClaudeResilienceChatModel.builder(this.client).build();
	}

	private Prompt prompt() {
		return new Prompt(List.of(new UserMessage("Where is A-42?")),
				ClaudeResilienceChatOptions.builder().toolCallbacks(this.orderStatus).build());
	}

}
