package dev.clauderesilience.springai.autoconfigure;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.observation.ChatModelObservationConvention;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.clauderesilience.autoconfigure.ClaudeAutoConfiguration;
import dev.clauderesilience.client.ClaudeClient;
import dev.clauderesilience.springai.ClaudeResilienceChatModel;
import dev.clauderesilience.springai.ClaudeResilienceChatOptions;

/**
 * Auto-configuration of a Spring AI {@link ChatModel} on the resilient {@link ClaudeClient}: the
 * {@link ClaudeResilienceChatModel} bean {@value #CHAT_MODEL_BEAN_NAME}. Without another chat
 * model it is the application's; next to one (Spring AI's Anthropic starter's, say) it is
 * registered too, but injected only where it is asked for by name
 * ({@code @Qualifier("claudeResilienceChatModel")}), so that the other stays the default.
 * <p>
 * The model turns tools into definitions with Spring AI's {@link ToolCallingManager} bean when
 * there is one; the tools run in {@code ChatClient}, whose tool-calling advisor Spring AI
 * configures with that same manager.
 * <p>
 * Each call is Spring AI's chat model observation on the application's
 * {@code ObservationRegistry} (with its {@code ChatModelObservationConvention} bean, if any), the
 * parent of the client's own.
 *
 * @since 0.2.0
 */
@AutoConfiguration(after = ClaudeAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
				"org.springframework.ai.model.anthropic.autoconfigure.AnthropicChatAutoConfiguration",
				"org.springframework.ai.model.tool.autoconfigure.ToolCallingAutoConfiguration" })
@ConditionalOnClass({ ChatModel.class, ClaudeClient.class })
@ConditionalOnBean(ClaudeClient.class)
@ConditionalOnProperty(name = "claude.spring-ai.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ClaudeSpringAiProperties.class)
public class ClaudeSpringAiAutoConfiguration {

	/** The name of the chat model bean. */
	public static final String CHAT_MODEL_BEAN_NAME = "claudeResilienceChatModel";

	static ClaudeResilienceChatModel chatModel(ClaudeClient client, ClaudeSpringAiProperties properties,
			ObjectProvider<ToolCallingManager> toolCallingManager, ApplicationContext applicationContext) {
		ObjectProvider<ObservationRegistry> observationRegistry = applicationContext
			.getBeanProvider(ObservationRegistry.class);
		ObjectProvider<ChatModelObservationConvention> observationConvention = applicationContext
			.getBeanProvider(ChatModelObservationConvention.class);
		ClaudeResilienceChatOptions options = ClaudeResilienceChatOptions.builder()
			.priority(properties.getPriority())
			.cacheable(properties.isCacheable())
			.build();
		ClaudeResilienceChatModel.Builder model = ClaudeResilienceChatModel.builder(client)
			.options(options)
			.observationRegistry(observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP))
			.observationConvention(observationConvention.getIfUnique());
		toolCallingManager.ifUnique(model::toolCallingManager);
		return model.build();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(ChatModel.class)
	static class ApplicationChatModelConfiguration {

		@Bean(CHAT_MODEL_BEAN_NAME)
		ClaudeResilienceChatModel claudeResilienceChatModel(ClaudeClient client, ClaudeSpringAiProperties properties,
				ObjectProvider<ToolCallingManager> toolCallingManager, ApplicationContext applicationContext) {
			return chatModel(client, properties, toolCallingManager, applicationContext);
		}

	}

	// beside another chat model: only for injection points that name it, never ambiguous
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(ChatModel.class)
	@ConditionalOnMissingBean(value = ClaudeResilienceChatModel.class, name = CHAT_MODEL_BEAN_NAME)
	static class AdditionalChatModelConfiguration {

		@Bean(name = CHAT_MODEL_BEAN_NAME, defaultCandidate = false)
		ClaudeResilienceChatModel claudeResilienceChatModel(ClaudeClient client, ClaudeSpringAiProperties properties,
				ObjectProvider<ToolCallingManager> toolCallingManager, ApplicationContext applicationContext) {
			return chatModel(client, properties, toolCallingManager, applicationContext);
		}

	}

}
