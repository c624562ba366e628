package dev.clauderesilience.springai.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.ai.anthropic.AnthropicChatModel;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.clauderesilience.client.ClaudeUnavailableException;
import dev.clauderesilience.springai.ClaudeResilienceChatModel;
import dev.clauderesilience.springai.SpringAiContext;
import dev.clauderesilience.springai.SpringAiLine;
import dev.clauderesilience.test.ClaudeSimulatorExtension;
import dev.clauderesilience.test.JournalEntry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * This module in an application that also has Spring AI's own Anthropic starter (its model,
 * tool calling, retry and ChatClient auto-configurations, ordered as an application gets them).
 * Shared by both Spring AI lines.
 */
class AnthropicStarterIntegrationTests {

	@RegisterExtension
	static final ClaudeSimulatorExtension sim = ClaudeSimulatorExtension.create();

	@Test
	void besideTheAnthropicStarterItsModelShouldStayTheDefaultAndThisOneBeThereByName() {
		runner().run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(ChatModel.class)).isInstanceOf(AnthropicChatModel.class);
			assertThat(context.getBean(ChatClient.Builder.class)).isNotNull();
			assertThat(context.getBean(ClaudeSpringAiAutoConfiguration.CHAT_MODEL_BEAN_NAME))
				.isInstanceOf(ClaudeResilienceChatModel.class);
		});
	}

	@Test
	void withSpringAisChatModelSetToNoneThisOneShouldBeTheApplicationsChatModel() {
		runner("spring.ai.model.chat=none").run((context) -> {
			assertThat(context).hasSingleBean(ChatModel.class);
			assertThat(context.getBean(ChatModel.class)).isInstanceOf(ClaudeResilienceChatModel.class);

			String answer = context.getBean(ChatClient.Builder.class).build().prompt().user("Say hello").call().content();

			assertThat(answer).isNotBlank();
			assertThat(sim.simulator().journal()).singleElement()
				.satisfies((entry) -> assertThat(entry.status()).isEqualTo(200));
		});
	}

	@Test
	void springAisRetrySettingsShouldNotAddAttemptsToThisModel() {
		sim.simulator().outage("claude-sonnet-4-5");
		runner("spring.ai.retry.max-attempts=10", "spring.ai.retry.backoff.initial-interval=1ms").run((context) -> {
			ChatModel model = context.getBean(ClaudeSpringAiAutoConfiguration.CHAT_MODEL_BEAN_NAME, ChatModel.class);

			assertThatExceptionOfType(ClaudeUnavailableException.class)
				.isThrownBy(() -> ChatClient.create(model).prompt().user("Say hello").call().content());
			// resilience4j.retry.instances.claude.max-attempts=3, and nothing more
			assertThat(sim.simulator().journal()).extracting(JournalEntry::status).containsExactly(529, 529, 529);
		});
	}

	private static ApplicationContextRunner runner(String... properties) {
		return SpringAiContext.on(sim.simulator(), properties)
			.withConfiguration(SpringAiLine.anthropicStarter())
			.withPropertyValues("spring.ai.anthropic.api-key=not-used");
	}

}
