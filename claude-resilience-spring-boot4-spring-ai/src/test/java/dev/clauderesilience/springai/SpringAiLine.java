package dev.clauderesilience.springai;

import java.util.List;

import org.springframework.ai.chat.client.AdvisorParams;
import org.springframework.ai.chat.client.ChatClient.ChatClientRequestSpec;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.model.anthropic.autoconfigure.AnthropicChatAutoConfiguration;
import org.springframework.ai.model.chat.client.autoconfigure.ChatClientAutoConfiguration;
import org.springframework.ai.model.tool.autoconfigure.ToolCallingAutoConfiguration;
import org.springframework.ai.retry.autoconfigure.SpringAiRetryAutoConfiguration;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.boot.autoconfigure.AutoConfigurations;

/**
 * What the tests need from Spring AI that differs between the project's Spring AI lines: the
 * Spring AI 2 form of the Spring Boot 3.5 module's class of this name, which it replaces among
 * the tests this module generates from that module's.
 */
public final class SpringAiLine {

	/**
	 * Spring Boot's major version on this line.
	 */
	public static final int SPRING_BOOT_MAJOR = 4;

	/**
	 * Classes only this line's Spring AI (2) has.
	 */
	public static final List<String> OWN_CLASSES = List.of(
			"org.springframework.ai.chat.client.advisor.ToolCallingAdvisor");

	/**
	 * Classes only the other line's Spring AI has.
	 */
	public static final List<String> OTHER_LINE_CLASSES = List.of(
			"org.springframework.ai.model.tool.ToolExecutionEligibilityPredicate",
			"org.springframework.ai.tool.resolution.SpringBeanToolCallbackResolver");

	private SpringAiLine() {
	}

	/**
	 * Gives a {@code ChatClient} request options, this model's or Spring AI's portable ones.
	 * @param request the request
	 * @param options the options' builder (Spring AI 2 takes builders, and merges them into
	 * the model's options)
	 * @return the request
	 */
	static ChatClientRequestSpec options(ChatClientRequestSpec request, ChatOptions.Builder<?> options) {
		return request.options(options);
	}

	/**
	 * Gives a {@code ChatClient} request tool callbacks (Spring AI 2 takes them among its
	 * tools, and deprecates the toolCallbacks method).
	 * @param request the request
	 * @param tools the tool callbacks
	 * @return the request
	 */
	static ChatClientRequestSpec toolCallbacks(ChatClientRequestSpec request, ToolCallback... tools) {
		return request.tools((Object[]) tools);
	}

	/**
	 * Asks that a {@code ChatClient} request's tool calls come back to the caller rather than
	 * run: on Spring AI 2 they run in ChatClient's tool-calling advisor, which a request can
	 * leave out.
	 * @param request the request
	 * @return the request
	 */
	static ChatClientRequestSpec leavingToolCallsToTheCaller(ChatClientRequestSpec request) {
		return request.advisors(AdvisorParams.toolCallingAdvisorAutoRegister(false));
	}

	/**
	 * The options a chat model starts every call from.
	 * @param model the model
	 * @return its options
	 */
	public static ChatOptions defaultOptions(ChatModel model) {
		return model.getOptions();
	}

	/**
	 * The auto-configurations an application gets from Spring AI's Anthropic starter, with
	 * Spring AI's retry (which that starter no longer brings on Spring AI 2).
	 * @return the Anthropic model, retry, tool calling and ChatClient auto-configurations
	 */
	public static AutoConfigurations anthropicStarter() {
		return AutoConfigurations.of(AnthropicChatAutoConfiguration.class, SpringAiRetryAutoConfiguration.class,
				ToolCallingAutoConfiguration.class, ChatClientAutoConfiguration.class);
	}

}
