package dev.clauderesilience.springai.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.chat.client.autoconfigure.ChatClientAutoConfiguration;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.model.tool.ToolExecutionEligibilityChecker;
import org.springframework.ai.model.tool.ToolExecutionResult;
import org.springframework.ai.model.tool.autoconfigure.ToolCallingAutoConfiguration;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.ai.tool.function.FunctionToolCallback;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.clauderesilience.springai.SpringAiContext;
import dev.clauderesilience.test.ClaudeSimulatorExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How tools reach the chat model and run in an application on Spring AI 2: the model sends the
 * tools of a {@code ChatClient} request to Claude, turned into definitions by the application's
 * {@link ToolCallingManager}, and returns Claude's tool calls; {@code ChatClient}'s tool-calling
 * advisor runs them, with that same manager and the application's eligibility checker.
 */
class ClaudeSpringAiToolCallingTests {

	private static final String WEATHER_PROMPT = "What is the weather? Use weather with city=Lyon.";

	private static final String WEATHER_ANSWER = "The weather tool returned: \"sunny in Lyon\"";

	@RegisterExtension
	static final ClaudeSimulatorExtension sim = ClaudeSimulatorExtension.create();

	@Test
	void toolOfAChatClientRequestShouldRoundTripInCallsAndStreams() {
		runner().run((context) -> {
			ChatClient chatClient = context.getBean(ChatClient.Builder.class).build();
			ToolCallback weather = context.getBean(ToolCallback.class);

			String called = chatClient.prompt().user(WEATHER_PROMPT).tools(weather).call().content();
			String streamed = chatClient.prompt()
				.user(WEATHER_PROMPT)
				.tools(weather)
				.stream()
				.content()
				.collect(Collectors.joining())
				.block();

			assertThat(called).isEqualTo(WEATHER_ANSWER);
			assertThat(streamed).isEqualTo("I will use the weather tool." + WEATHER_ANSWER);
			assertThat(sim.simulator().count()).isEqualTo(4);
		});
	}

	@Test
	void toolCallingManagerOfTheApplicationShouldDefineAndRunTheTools() {
		RecordingToolCallingManager manager = new RecordingToolCallingManager();
		runner().withBean(ToolCallingManager.class, () -> manager).run((context) -> {
			String answer = context.getBean(ChatClient.Builder.class)
				.build()
				.prompt()
				.user(WEATHER_PROMPT)
				.tools(context.getBean(ToolCallback.class))
				.call()
				.content();

			assertThat(answer).isEqualTo(WEATHER_ANSWER);
			assertThat(manager.defined).containsExactly("weather", "weather");
			assertThat(manager.executed).hasValue(1);
		});
	}

	@Test
	void toolExecutionEligibilityCheckerOfTheApplicationShouldDecideWhetherToolsRun() {
		ToolExecutionEligibilityChecker never = (response) -> false;
		runner().withBean(ToolExecutionEligibilityChecker.class, () -> never).run((context) -> {
			ChatResponse response = context.getBean(ChatClient.Builder.class)
				.build()
				.prompt()
				.user(WEATHER_PROMPT)
				.tools(context.getBean(ToolCallback.class))
				.call()
				.chatResponse();

			assertThat(response.hasToolCalls()).isTrue();
			assertThat(response.getResult().getMetadata().getFinishReason()).isEqualTo("tool_use");
			assertThat(sim.simulator().count()).isOne();
		});
	}

	private static ApplicationContextRunner runner() {
		return SpringAiContext.on(sim.simulator())
			.withConfiguration(
					AutoConfigurations.of(ToolCallingAutoConfiguration.class, ChatClientAutoConfiguration.class))
			.withUserConfiguration(WeatherToolConfiguration.class);
	}

	@Configuration(proxyBeanMethods = false)
	static class WeatherToolConfiguration {

		@Bean
		ToolCallback weatherTool() {
			return FunctionToolCallback
				.<Map<String, String>, String>builder("weather", (input) -> "sunny in " + input.get("city"))
				.description("The weather in a city")
				.inputSchema(
						"{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}")
				.inputType(Map.class)
				.build();
		}

	}

	static final class RecordingToolCallingManager implements ToolCallingManager {

		final List<String> defined = new CopyOnWriteArrayList<>();

		final AtomicInteger executed = new AtomicInteger();

		private final ToolCallingManager delegate = ToolCallingManager.builder().build();

		@Override
		public List<ToolDefinition> resolveToolDefinitions(ToolCallingChatOptions chatOptions) {
			List<ToolDefinition> definitions = this.delegate.resolveToolDefinitions(chatOptions);
			definitions.forEach((definition) -> this.defined.add(definition.name()));
			return definitions;
		}

		@Override
		public ToolExecutionResult executeToolCalls(Prompt prompt, ChatResponse chatResponse) {
			this.executed.incrementAndGet();
			return this.delegate.executeToolCalls(prompt, chatResponse);
		}

	}

}
