package dev.clauderesilience.springai.autoconfigure;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Description;

import dev.clauderesilience.client.ClaudeClient;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.springai.ClaudeResilienceChatModel;
import dev.clauderesilience.springai.ClaudeResilienceChatOptions;
import dev.clauderesilience.springai.SpringAiContext;
import dev.clauderesilience.test.ClaudeSimulatorExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which chat model an application gets, and what it is built from.
 */
class ClaudeSpringAiAutoConfigurationTests {

	private static final String WEATHER_PROMPT = "What is the weather? Use weather with city=Lyon.";

	@RegisterExtension
	static final ClaudeSimulatorExtension sim = ClaudeSimulatorExtension.create();

	@Test
	void chatModelWhenNoOtherShouldBeTheApplicationsChatModel() {
		SpringAiContext.on(sim.simulator()).run((context) -> {
			assertThat(context).hasSingleBean(ChatModel.class);
			assertThat(context.getBean(ChatModel.class)).isInstanceOf(ClaudeResilienceChatModel.class)
				.isSameAs(context.getBean(ClaudeSpringAiAutoConfiguration.CHAT_MODEL_BEAN_NAME));
		});
	}

	@Test
	void chatModelBesideAnotherShouldBeRegisteredButInjectedOnlyByName() {
		SpringAiContext.on(sim.simulator())
			.withUserConfiguration(OtherChatModelConfiguration.class, ChatModelUsers.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ChatModel other = context.getBean("otherChatModel", ChatModel.class);
				assertThat(context.getBean(ChatModel.class)).isSameAs(other);
				assertThat(context.getBean(ClaudeSpringAiAutoConfiguration.CHAT_MODEL_BEAN_NAME))
					.isInstanceOf(ClaudeResilienceChatModel.class);
				ChatModelUsers users = context.getBean(ChatModelUsers.class);
				assertThat(users.byType).isSameAs(other);
				assertThat(users.byName).isSameAs(context.getBean(ClaudeSpringAiAutoConfiguration.CHAT_MODEL_BEAN_NAME));
			});
	}

	@Test
	void chatModelWhenDisabledShouldNotBeRegistered() {
		SpringAiContext.on(sim.simulator(), "claude.spring-ai.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ChatModel.class).hasSingleBean(ClaudeClient.class));
	}

	@Test
	void chatModelOfTheApplicationShouldBeKept() {
		SpringAiContext.on(sim.simulator())
			.withBean("myChatModel", ClaudeResilienceChatModel.class,
					() -> ClaudeResilienceChatModel.builder(ClaudeClient.builder().apiKey("k").build()).build())
			.run((context) -> assertThat(context).hasSingleBean(ChatModel.class)
				.hasBean("myChatModel")
				.doesNotHaveBean(ClaudeSpringAiAutoConfiguration.CHAT_MODEL_BEAN_NAME));
	}

	@Test
	void propertiesShouldBeTheDefaultOptions() {
		SpringAiContext.on(sim.simulator(), "claude.spring-ai.priority=batch", "claude.spring-ai.cacheable=true")
			.run((context) -> {
				ClaudeResilienceChatOptions options = (ClaudeResilienceChatOptions) context.getBean(ChatModel.class)
					.getDefaultOptions();
				assertThat(options.getPriority()).isEqualTo(ClaudeRequest.Priority.BATCH);
				assertThat(options.getCacheable()).isTrue();
				assertThat(options.getModel()).as("claude.model, applied by the client").isNull();
			});
	}

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

	@Test
	void everySpringAiPropertyShouldBeDescribed() throws Exception {
		JsonNode metadata;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			metadata = new ObjectMapper().readTree(in);
		}
		assertThat(metadata.get("properties")).extracting((property) -> property.get("name").asText())
			.containsExactlyInAnyOrder("claude.spring-ai.enabled", "claude.spring-ai.priority",
					"claude.spring-ai.cacheable");
		assertThat(metadata.get("properties"))
			.allSatisfy((property) -> assertThat(property.path("description").asText()).isNotBlank());
	}

	@Configuration(proxyBeanMethods = false)
	static class OtherChatModelConfiguration {

		@Bean
		ChatModel otherChatModel() {
			return (prompt) -> new ChatResponse(List.of());
		}

	}

	static class ChatModelUsers {

		final ChatModel byType;

		final ChatModel byName;

		ChatModelUsers(ChatModel byType, @Qualifier("claudeResilienceChatModel") ChatModel byName) {
			this.byType = byType;
			this.byName = byName;
		}

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
