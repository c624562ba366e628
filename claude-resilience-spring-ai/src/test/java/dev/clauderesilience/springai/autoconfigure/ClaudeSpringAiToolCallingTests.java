package dev.clauderesilience.springai.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.model.tool.ToolExecutionEligibilityPredicate;
import org.springframework.ai.model.tool.ToolExecutionResult;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.ai.tool.function.FunctionToolCallback;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Description;

import dev.clauderesilience.springai.SpringAiContext;
import dev.clauderesilience.test.ClaudeSimulatorExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the chat model finds and runs tools in an application: on Spring AI 1.1 the model runs
 * the tool loop, with the application's tool beans, tool-calling manager and eligibility
 * predicate.
 */
class ClaudeSpringAiToolCallingTests {

	private static final String WEATHER_PROMPT = "What is the weather? Use weather with city=Lyon.";

	@RegisterExtension
	static final ClaudeSimulatorExtension sim = ClaudeSimulatorExtension.create();

	// without Spring AI's tool auto-configuration: a ToolCallback bean, or a function bean
	@ParameterizedTest
	@MethodSource("weatherTools")
	void toolNamedInOptionsShouldBeFoundAmongTheBeans(Class<?> tools, String weather) {
		SpringAiContext.on(sim.simulator()).withUserConfiguration(tools).run((context) -> {
			String answer = ChatClient.create(context.getBean(ChatModel.class))
				.prompt()
				.user(WEATHER_PROMPT)
				.toolNames("weather")
				.call()
				.content();

			assertThat(answer).isEqualTo("The weather tool returned: \"" + weather + " in Lyon\"");
		});
	}

	static Stream<Arguments> weatherTools() {
		return Stream.of(Arguments.of(WeatherToolConfiguration.class, "sunny"),
				Arguments.of(WeatherFunctionConfiguration.class, "cloudy"));
	}

	@Test
	void toolCallingManagerAndEligibilityPredicateOfTheApplicationShouldBeUsed() {
		RecordingToolCallingManager manager = new RecordingToolCallingManager();
		ToolExecutionEligibilityPredicate never = (options, response) -> false;
		SpringAiContext.on(sim.simulator())
			.withUserConfiguration(WeatherToolConfiguration.class)
			.withBean(ToolCallingManager.class, () -> manager)
			.withBean(ToolExecutionEligibilityPredicate.class, () -> never)
			.run((context) -> {
				ChatResponse response = ChatClient.create(context.getBean(ChatModel.class))
					.prompt()
					.user(WEATHER_PROMPT)
					.toolNames("weather")
					.call()
					.chatResponse();

				assertThat(manager.resolved).containsExactly("weather");
				assertThat(response.hasToolCalls()).isTrue();
				assertThat(sim.simulator().count()).isOne();
			});
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

	@Configuration(proxyBeanMethods = false)
	static class WeatherFunctionConfiguration {

		@Bean
		@Description("The weather in a city")
		Function<City, String> weather() {
			return (city) -> "cloudy in " + city.city();
		}

	}

	record City(String city) {
	}

	static final class RecordingToolCallingManager implements ToolCallingManager {

		final List<String> resolved = new CopyOnWriteArrayList<>();

		private final ToolCallingManager delegate = ToolCallingManager.builder().build();

		@Override
		public List<ToolDefinition> resolveToolDefinitions(ToolCallingChatOptions chatOptions) {
			this.resolved.addAll(chatOptions.getToolNames());
			return List.of(new WeatherToolConfiguration().weatherTool().getToolDefinition());
		}

		@Override
		public ToolExecutionResult executeToolCalls(Prompt prompt, ChatResponse chatResponse) {
			return this.delegate.executeToolCalls(prompt, chatResponse);
		}

	}

}
