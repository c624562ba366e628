package dev.clauderesilience.springai.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.observation.ChatModelObservationConvention;
import org.springframework.ai.model.tool.DefaultToolExecutionEligibilityPredicate;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.model.tool.ToolExecutionEligibilityPredicate;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.ai.tool.resolution.DelegatingToolCallbackResolver;
import org.springframework.ai.tool.resolution.SpringBeanToolCallbackResolver;
import org.springframework.ai.tool.resolution.ToolCallbackResolver;
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
import org.springframework.context.support.GenericApplicationContext;

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
 * Tools run through Spring AI's {@link ToolCallingManager} bean, or, without one, through a
 * manager that finds tools named in options among the {@link ToolCallback},
 * {@link ToolCallbackProvider} and function beans.
 * <p>
 * Each round trip is Spring AI's chat model observation on the application's
 * {@code ObservationRegistry} (with its {@code ChatModelObservationConvention} bean, if any), the
 * parent of the client's own.
 *
 * @since 0.2.0
 */
@AutoConfiguration(after = ClaudeAutoConfiguration.class,
		afterName = { "org.springframework.ai.model.anthropic.autoconfigure.AnthropicChatAutoConfiguration",
				"org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration",
				"org.springframework.ai.model.tool.autoconfigure.ToolCallingAutoConfiguration" })
@ConditionalOnClass({ ChatModel.class, ClaudeClient.class })
@ConditionalOnBean(ClaudeClient.class)
@ConditionalOnProperty(name = "claude.spring-ai.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ClaudeSpringAiProperties.class)
public class ClaudeSpringAiAutoConfiguration {

	/** The name of the chat model bean. */
	public static final String CHAT_MODEL_BEAN_NAME = "claudeResilienceChatModel";

	static ClaudeResilienceChatModel chatModel(ClaudeClient client, ClaudeSpringAiProperties properties,
			ObjectProvider<ToolCallingManager> toolCallingManager,
			ObjectProvider<ToolExecutionEligibilityPredicate> toolExecutionEligibility,
			ApplicationContext applicationContext) {
		ObjectProvider<ObservationRegistry> observationRegistry = applicationContext
			.getBeanProvider(ObservationRegistry.class);
		ObjectProvider<ChatModelObservationConvention> observationConvention = applicationContext
			.getBeanProvider(ChatModelObservationConvention.class);
		ClaudeResilienceChatOptions defaults = ClaudeResilienceChatOptions.builder()
			.priority(properties.getPriority())
			.cacheable(properties.isCacheable())
			.build();
		return ClaudeResilienceChatModel.builder(client)
			.defaultOptions(defaults)
			.toolCallingManager(toolCallingManager.getIfUnique(() -> defaultToolCallingManager(applicationContext)))
			.toolExecutionEligibilityPredicate(
					toolExecutionEligibility.getIfUnique(DefaultToolExecutionEligibilityPredicate::new))
			.observationRegistry(observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP))
			.observationConvention(observationConvention.getIfUnique())
			.build();
	}

	// what Spring AI's tool auto-configuration would build, looked up on first use
	private static ToolCallingManager defaultToolCallingManager(ApplicationContext context) {
		ToolCallbackResolver beans = (name) -> {
			List<ToolCallback> callbacks = new ArrayList<>(
					context.getBeanProvider(ToolCallback.class).orderedStream().toList());
			context.getBeanProvider(ToolCallbackProvider.class)
				.orderedStream()
				.forEach((provider) -> callbacks.addAll(List.of(provider.getToolCallbacks())));
			return callbacks.stream()
				.filter((callback) -> name.equals(callback.getToolDefinition().name()))
				.findFirst()
				.orElse(null);
		};
		List<ToolCallbackResolver> resolvers = (context instanceof GenericApplicationContext generic)
				? List.of(beans, SpringBeanToolCallbackResolver.builder().applicationContext(generic).build())
				: List.of(beans);
		return ToolCallingManager.builder().toolCallbackResolver(new DelegatingToolCallbackResolver(resolvers)).build();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(ChatModel.class)
	static class ApplicationChatModelConfiguration {

		@Bean(CHAT_MODEL_BEAN_NAME)
		ClaudeResilienceChatModel claudeResilienceChatModel(ClaudeClient client, ClaudeSpringAiProperties properties,
				ObjectProvider<ToolCallingManager> toolCallingManager,
				ObjectProvider<ToolExecutionEligibilityPredicate> toolExecutionEligibility,
				ApplicationContext applicationContext) {
			return chatModel(client, properties, toolCallingManager, toolExecutionEligibility, applicationContext);
		}

	}

	// beside another chat model: only for injection points that name it, never ambiguous
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(ChatModel.class)
	@ConditionalOnMissingBean(value = ClaudeResilienceChatModel.class, name = CHAT_MODEL_BEAN_NAME)
	static class AdditionalChatModelConfiguration {

		@Bean(name = CHAT_MODEL_BEAN_NAME, defaultCandidate = false)
		ClaudeResilienceChatModel claudeResilienceChatModel(ClaudeClient client, ClaudeSpringAiProperties properties,
				ObjectProvider<ToolCallingManager> toolCallingManager,
				ObjectProvider<ToolExecutionEligibilityPredicate> toolExecutionEligibility,
				ApplicationContext applicationContext) {
			return chatModel(client, properties, toolCallingManager, toolExecutionEligibility, applicationContext);
		}

	}

}
