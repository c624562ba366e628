package dev.clauderesilience.springai;

import java.util.List;

import org.springframework.ai.chat.client.ChatClient.ChatClientRequestSpec;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.model.anthropic.autoconfigure.AnthropicChatAutoConfiguration;
import org.springframework.ai.model.chat.client.autoconfigure.ChatClientAutoConfiguration;
import org.springframework.ai.model.tool.autoconfigure.ToolCallingAutoConfiguration;
import org.springframework.ai.retry.autoconfigure.SpringAiRetryAutoConfiguration;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.web.client.RestClientAutoConfiguration;

/**
 * What the tests need from Spring AI that differs between the project's Spring AI lines: this is
 * Spring AI 1.1's form. The Spring Boot 4 module generates its tests from this module's and
 * replaces this class with its Spring AI 2 form: the tests that use it are shared.
 */
public final class SpringAiLine {

	/**
	 * Spring Boot's major version on this line.
	 */
	public static final int SPRING_BOOT_MAJOR = 3;

	/**
	 * Classes only this line's Spring AI (1.1) has.
	 */
	public static final List<String> OWN_CLASSES = List.of(
			"org.springframework.ai.model.tool.ToolExecutionEligibilityPredicate",
			"org.springframework.ai.tool.resolution.SpringBeanToolCallbackResolver");

	/**
	 * Classes only the other line's Spring AI has.
	 */
	public static final List<String> OTHER_LINE_CLASSES = List.of(
			"org.springframework.ai.chat.client.advisor.ToolCallingAdvisor");

	private SpringAiLine() {
	}

	/**
	 * Gives a {@code ChatClient} request options of this model.
	 * @param request the request
	 * @param options the options, built here (Spring AI 1.1 takes built options)
	 * @return the request
	 */
	static ChatClientRequestSpec options(ChatClientRequestSpec request, ClaudeResilienceChatOptions.Builder options) {
		return request.options(options.build());
	}

	/**
	 * Gives a {@code ChatClient} request Spring AI's portable options.
	 * @param request the request
	 * @param options the options, built here
	 * @return the request
	 */
	static ChatClientRequestSpec options(ChatClientRequestSpec request, ChatOptions.Builder options) {
		return request.options(options.build());
	}

	/**
	 * Gives a {@code ChatClient} request tool callbacks (Spring AI 1.1 takes only annotated
	 * objects as tools).
	 * @param request the request
	 * @param tools the tool callbacks
	 * @return the request
	 */
	static ChatClientRequestSpec toolCallbacks(ChatClientRequestSpec request, ToolCallback... tools) {
		return request.toolCallbacks(tools);
	}

	/**
	 * Asks that a {@code ChatClient} request's tool calls come back to the caller rather than
	 * run: on Spring AI 1.1 the model runs them unless its options turn internal tool execution
	 * off.
	 * @param request the request
	 * @return the request
	 */
	static ChatClientRequestSpec leavingToolCallsToTheCaller(ChatClientRequestSpec request) {
		return request.options(ClaudeResilienceChatOptions.builder().internalToolExecutionEnabled(false).build());
	}

	/**
	 * The options a chat model starts every call from.
	 * @param model the model
	 * @return its default options
	 */
	public static ChatOptions defaultOptions(ChatModel model) {
		return model.getDefaultOptions();
	}

	/**
	 * The auto-configurations an application gets from Spring AI's Anthropic starter, with
	 * Spring AI's retry.
	 * @return the Anthropic model, retry, tool calling and ChatClient auto-configurations, and
	 * the RestClient one the Anthropic model is built on
	 */
	public static AutoConfigurations anthropicStarter() {
		return AutoConfigurations.of(AnthropicChatAutoConfiguration.class, SpringAiRetryAutoConfiguration.class,
				ToolCallingAutoConfiguration.class, ChatClientAutoConfiguration.class,
				RestClientAutoConfiguration.class);
	}

}
