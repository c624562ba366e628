package dev.clauderesilience.springai.autoconfigure;

import java.io.InputStream;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.clauderesilience.client.ClaudeClient;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.springai.ClaudeResilienceChatModel;
import dev.clauderesilience.springai.ClaudeResilienceChatOptions;
import dev.clauderesilience.springai.SpringAiContext;
import dev.clauderesilience.springai.SpringAiLine;
import dev.clauderesilience.test.ClaudeSimulatorExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which chat model an application gets, and what it is built from.
 */
class ClaudeSpringAiAutoConfigurationTests {

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
				ClaudeResilienceChatOptions options = (ClaudeResilienceChatOptions) SpringAiLine
					.defaultOptions(context.getBean(ChatModel.class));
				assertThat(options.getPriority()).isEqualTo(ClaudeRequest.Priority.BATCH);
				assertThat(options.getCacheable()).isTrue();
				assertThat(options.getModel()).as("claude.model, applied by the client").isNull();
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

}
