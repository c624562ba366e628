package dev.clauderesilience.springai;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;
import org.springframework.ai.tool.function.FunctionToolCallback;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.clauderesilience.client.ClaudeException;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeResponse;
import dev.clauderesilience.client.ClaudeUnavailableException;
import dev.clauderesilience.client.RateLimitSnapshot;
import dev.clauderesilience.test.ClaudeSimulator;
import dev.clauderesilience.test.ClaudeSimulatorExtension;
import dev.clauderesilience.test.JournalEntry;
import dev.clauderesilience.test.SimulatedFault;
import dev.clauderesilience.test.SimulatedLimits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code ChatClient} on the {@link ClaudeResilienceChatModel}, on the Claude API simulator: calls,
 * streams and tool calls go through the whole pipeline, and the pipeline's outcomes (fallback,
 * pacing, calm failures) reach Spring AI callers.
 */
class ClaudeResilienceChatModelIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String ORDER_PROMPT = "Where is my parcel? Ask orderStatus with orderId=A-42.";

	@RegisterExtension
	static final ClaudeSimulatorExtension sim = ClaudeSimulatorExtension
		.create(ClaudeSimulator.builder().defaultLimits(SimulatedLimits.of(1000, 1_000_000, 200_000)));

	@Test
	void callShouldAnswerWithTheApisTextModelUsageAndRateLimits() {
		run((chatClient) -> {
			ChatResponse response = chatClient.prompt().user("Say hello").call().chatResponse();

			JournalEntry entry = onlyMessagesCall();
			assertThat(entry.stream()).isFalse();
			assertThat(text(response)).isNotBlank()
				.satisfies((text) -> assertThat(text.split(" ")).hasSize((int) entry.outputTokens()));
			assertThat(response.getResult().getMetadata().getFinishReason()).isEqualTo("end_turn");
			assertThat(response.getMetadata().getModel()).isEqualTo("claude-sonnet-4-5");
			assertThat(response.getMetadata().getId()).startsWith("msg_");
			assertThat(response.getMetadata().getUsage().getPromptTokens()).isEqualTo((int) entry.inputTokens());
			assertThat(response.getMetadata().getUsage().getCompletionTokens()).isEqualTo((int) entry.outputTokens());
			assertThat(response.getMetadata().getRateLimit().getRequestsLimit()).isEqualTo(1000L);
			assertThat(response.getMetadata().getRateLimit().getRequestsRemaining()).isBetween(1L, 999L);
			assertThat(response.getMetadata().getRateLimit().getRequestsReset()).isBetween(Duration.ZERO, Duration.ofMinutes(1));
			assertThat(response.getMetadata().getRateLimit().getTokensLimit()).isNotNull();
			assertThat((RateLimitSnapshot) response.getMetadata().get(ClaudeResilienceChatModel.RATE_LIMITS))
				.satisfies((snapshot) -> assertThat(snapshot.requestId()).isEqualTo(entry.requestId()));
			assertThat((Object) response.getMetadata().get(ClaudeResilienceChatModel.SOURCE))
				.isEqualTo(ClaudeResponse.Source.API);
			assertThat(response.getMetadata().containsKey(ClaudeResilienceChatModel.FALLBACK_FROM)).isFalse();
		});
	}

	@Test
	void streamShouldDeliverTheSameTextInPiecesAndEndWithUsage() {
		run((chatClient) -> {
			String called = chatClient.prompt().user("Say hello").call().content();

			List<ChatResponse> chunks = chatClient.prompt().user("Say hello").stream().chatResponse()
				.collectList()
				.block(TIMEOUT);

			JournalEntry streamed = sim.simulator().journal().get(1);
			assertThat(streamed.stream()).isTrue();
			assertThat(chunks).hasSizeGreaterThan(2);
			assertThat(chunks.stream().map(ClaudeResilienceChatModelIntegrationTests::text)).filteredOn(String::isEmpty)
				.hasSize(1);
			assertThat(String.join("", chunks.stream().map(ClaudeResilienceChatModelIntegrationTests::text).toList()))
				.isEqualTo(called);
			ChatResponse last = chunks.get(chunks.size() - 1);
			assertThat(last.getResult().getMetadata().getFinishReason()).isEqualTo("end_turn");
			assertThat(last.getMetadata().getModel()).isEqualTo("claude-sonnet-4-5");
			assertThat(last.getMetadata().getUsage().getPromptTokens()).isEqualTo((int) streamed.inputTokens());
			assertThat(last.getMetadata().getUsage().getCompletionTokens()).isEqualTo((int) streamed.outputTokens());
			assertThat(last.getMetadata().getRateLimit().getRequestsLimit()).isEqualTo(1000L);
			assertThat(chatClient.prompt().user("Say hello").stream().content().collectList().block(TIMEOUT))
				.hasSizeGreaterThan(1)
				.allSatisfy((piece) -> assertThat(piece).isNotEmpty())
				.satisfies((pieces) -> assertThat(String.join("", pieces)).isEqualTo(called));
		});
	}

	@Test
	void optionsAndSystemMessageShouldReachTheApi() {
		run((chatClient) -> {
			SpringAiLine.options(chatClient.prompt().system("Be brief.").user("Say hello"),
					ClaudeResilienceChatOptions.builder()
						.model("claude-haiku-4-5")
						.maxTokens(77)
						.stopSequences(List.of("END", "STOP"))
						.userId("user-7")
						.tenant("acme")
						.priority(ClaudeRequest.Priority.BATCH))
				.call()
				.content();

			JsonNode body = onlyMessagesCall().body();
			assertThat(body.path("model").asText()).isEqualTo("claude-haiku-4-5");
			assertThat(body.path("max_tokens").asInt()).isEqualTo(77);
			assertThat(body.path("system").asText()).isEqualTo("Be brief.");
			assertThat(body.path("stop_sequences")).extracting(JsonNode::asText).containsExactly("END", "STOP");
			assertThat(body.path("metadata").path("user_id").asText()).isEqualTo("user-7");
			assertThat(body.path("messages")).hasSize(1);
			assertThat(body.has("tools")).isFalse();
			// the pipeline's own fields are never sent
			assertThat(body.has("tenant")).isFalse();
			assertThat(body.has("priority")).isFalse();
		});
	}

	@Test
	void portableOptionsShouldReachTheApi() {
		run((chatClient) -> {
			SpringAiLine
				.options(chatClient.prompt().user("Say hello"),
						ChatOptions.builder().maxTokens(55).stopSequences(List.of("END")))
				.call()
				.content();

			JsonNode body = onlyMessagesCall().body();
			assertThat(body.path("model").asText()).isEqualTo("claude-sonnet-4-5");
			assertThat(body.path("max_tokens").asInt()).isEqualTo(55);
			assertThat(body.path("stop_sequences")).extracting(JsonNode::asText).containsExactly("END");
		});
	}

	@Test
	void outageOfThePrimaryShouldBeAnsweredByTheFallbackModelAndMarked() {
		sim.simulator().outage("claude-sonnet-4-5");
		run((chatClient) -> {
			ChatResponse called = chatClient.prompt().user("Say hello").call().chatResponse();
			List<ChatResponse> streamed = chatClient.prompt().user("Say hello").stream().chatResponse()
				.collectList()
				.block(TIMEOUT);

			for (ChatResponse response : List.of(called, streamed.get(streamed.size() - 1))) {
				assertThat(response.getMetadata().getModel()).isEqualTo("claude-haiku-4-5");
				assertThat((String) response.getMetadata().get(ClaudeResilienceChatModel.FALLBACK_FROM))
					.isEqualTo("claude-sonnet-4-5");
			}
			assertThat(text(called)).isNotBlank();
			assertThat(sim.simulator().requestsFor("claude-haiku-4-5")).hasSize(2)
				.allSatisfy((entry) -> assertThat(entry.status()).isEqualTo(200));
		}, "claude.fallback-models=claude-sonnet-4-5,claude-haiku-4-5");
	}

	@Test
	void burstOfRateLimitedAnswersShouldBeWaitedOutWithNoCallerFailure() {
		sim.simulator()
			.enqueueFaults(4, SimulatedFault.rateLimited(Duration.ofSeconds(1)).withHeaders(Map.of("retry-after-ms", "20")));
		run((chatClient) -> {
			List<String> answers = Flux.range(0, 4)
				.flatMap((i) -> (i % 2 == 0) ? Mono.fromCallable(() -> chatClient.prompt().user("Say hello").call()
					.content()).subscribeOn(Schedulers.boundedElastic())
						: chatClient.prompt().user("Say hello").stream().content().collect(Collectors.joining()))
				.collectList()
				.block(TIMEOUT);

			assertThat(answers).hasSize(4).allSatisfy((answer) -> assertThat(answer).isNotBlank());
			assertThat(statuses()).filteredOn((status) -> status == 429).hasSize(4);
			assertThat(statuses()).filteredOn((status) -> status == 200).hasSize(4);
		}, "resilience4j.retry.instances.claude.max-attempts=6");
	}

	@Test
	void outageWithNoFallbackShouldFailCalmlyAfterOneRetryLoop() {
		sim.simulator().outage("claude-sonnet-4-5");
		run((chatClient) -> {
			assertThatExceptionOfType(ClaudeUnavailableException.class)
				.isThrownBy(() -> chatClient.prompt().user("Say hello").call().content())
				.satisfies((ex) -> assertThat(ex.userMessage()).isEqualTo(ClaudeException.UNAVAILABLE_MESSAGE)
					.doesNotContainIgnoringCase("overloaded"));
			// three attempts, the configured retry's: no second retry loop around it
			assertThat(statuses()).containsExactly(529, 529, 529);

			StepVerifier.create(chatClient.prompt().user("Say hello").stream().content())
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ClaudeUnavailableException.class)
					.extracting((unavailable) -> ((ClaudeException) unavailable).userMessage())
					.isEqualTo(ClaudeException.UNAVAILABLE_MESSAGE))
				.verify(TIMEOUT);
		});
	}

	@Test
	void toolCallShouldRunTheToolWithTheModelsInputAndAnswerWithItsResult() {
		OrderTools tools = new OrderTools();
		run((chatClient) -> {
			String answer = chatClient.prompt().user(ORDER_PROMPT).tools(tools).call().content();

			assertThat(tools.asked).containsExactly("A-42");
			assertThat(answer).isEqualTo("The orderStatus tool returned: \"shipped on Monday\"");
			List<JournalEntry> journal = sim.simulator().journal();
			assertThat(journal).hasSize(2).allSatisfy((entry) -> assertThat(entry.status()).isEqualTo(200));
			JsonNode toolUse = journal.get(0).body().path("tools").get(0);
			assertThat(toolUse.path("name").asText()).isEqualTo("orderStatus");
			assertThat(toolUse.path("input_schema").path("required")).extracting(JsonNode::asText)
				.containsExactly("orderId");
			JsonNode followUp = journal.get(1).body().path("messages");
			assertThat(followUp).hasSize(3);
			assertThat(followUp.get(1).path("content")).extracting((block) -> block.path("type").asText())
				.containsExactly("text", "tool_use");
			assertThat(followUp.get(2).path("content").get(0).path("tool_use_id").asText())
				.isEqualTo(followUp.get(1).path("content").get(1).path("id").asText());
		});
	}

	@Test
	void streamedToolCallShouldRunTheToolAndStreamTheAnswerWithItsResult() {
		OrderTools tools = new OrderTools();
		run((chatClient) -> {
			List<ChatResponse> chunks = chatClient.prompt().user(ORDER_PROMPT).tools(tools).stream().chatResponse()
				.collectList()
				.block(TIMEOUT);

			assertThat(tools.asked).containsExactly("A-42");
			assertThat(String.join("", chunks.stream().map(ClaudeResilienceChatModelIntegrationTests::text).toList()))
				.isEqualTo("I will use the orderStatus tool.The orderStatus tool returned: \"shipped on Monday\"");
			ChatResponse last = chunks.get(chunks.size() - 1);
			assertThat(last.getResult().getMetadata().getFinishReason()).isEqualTo("end_turn");
			List<JournalEntry> journal = sim.simulator().journal();
			assertThat(journal).hasSize(2).allSatisfy((entry) -> assertThat(entry.stream()).isTrue());
			// usage of both round trips
			assertThat(last.getMetadata().getUsage().getPromptTokens())
				.isEqualTo((int) (journal.get(0).inputTokens() + journal.get(1).inputTokens()));
		});
	}

	@Test
	void functionToolShouldRoundTripAndEachRoundTripShouldGoThroughThePipeline() {
		List<Map<String, Object>> inputs = new CopyOnWriteArrayList<>();
		FunctionToolCallback<Map<String, Object>, String> weather = FunctionToolCallback
			.<Map<String, Object>, String>builder("weather", (input) -> {
				inputs.add(input);
				return "sunny";
			})
			.description("The weather in a city")
			.inputSchema("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}")
			.inputType(Map.class)
			.build();
		// the second round trip gets a 529 first, retried by the pipeline
		run((chatClient) -> {
			sim.simulator().enqueueFault(SimulatedFault.answerWithHeaders(Map.of()));
			sim.simulator().enqueueFault(SimulatedFault.overloaded());

			String answer = SpringAiLine
				.toolCallbacks(chatClient.prompt().user("What is the weather? Use weather with city=Lyon."), weather)
				.call()
				.content();

			assertThat(inputs).containsExactly(Map.of("city", "Lyon"));
			assertThat(answer).isEqualTo("The weather tool returned: \"sunny\"");
			assertThat(statuses()).containsExactly(200, 529, 200);
		});
	}

	@Test
	void toolCallsShouldBeLeftToTheCallerWhenItSaysSo() {
		OrderTools tools = new OrderTools();
		run((chatClient) -> {
			ChatResponse response = SpringAiLine
				.leavingToolCallsToTheCaller(chatClient.prompt().user(ORDER_PROMPT).tools(tools))
				.call()
				.chatResponse();

			assertThat(tools.asked).isEmpty();
			assertThat(sim.simulator().count()).isOne();
			assertThat(response.hasToolCalls()).isTrue();
			assertThat(response.getResult().getMetadata().getFinishReason()).isEqualTo("tool_use");
			assertThat(response.getResult().getOutput().getToolCalls()).singleElement()
				.satisfies((call) -> assertThat(call.name()).isEqualTo("orderStatus"))
				.satisfies((call) -> assertThat(call.arguments()).isEqualTo("{\"orderId\":\"A-42\"}"));
		});
	}

	private static void run(ChatClientTest test, String... properties) {
		ApplicationContextRunner runner = SpringAiContext.on(sim.simulator(), properties);
		runner.run((context) -> {
			assertThat(context).hasNotFailed();
			test.run(ChatClient.create(context.getBean(ChatModel.class)));
		});
	}

	private static JournalEntry onlyMessagesCall() {
		assertThat(sim.simulator().journal()).hasSize(1);
		return sim.simulator().journal().get(0);
	}

	private static List<Integer> statuses() {
		return sim.simulator().journal().stream().map(JournalEntry::status).toList();
	}

	private static String text(ChatResponse response) {
		return response.getResult().getOutput().getText();
	}

	@FunctionalInterface
	interface ChatClientTest {

		void run(ChatClient chatClient) throws Exception;

	}

	static final class OrderTools {

		final List<String> asked = new CopyOnWriteArrayList<>();

		@Tool(description = "The delivery status of an order")
		String orderStatus(@ToolParam(description = "The order id") String orderId) {
			this.asked.add(orderId);
			return "shipped on Monday";
		}

	}

}
