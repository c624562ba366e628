package dev.clauderesilience.springai;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.function.FunctionToolCallback;

import dev.clauderesilience.client.ClaudeRequest;

import static org.assertj.core.api.Assertions.assertThat;

class ClaudeResilienceChatOptionsTests {

	private static final ToolCallback CLOCK = FunctionToolCallback.builder("clock", () -> "noon")
		.description("The time")
		.inputType(Void.class)
		.build();

	private static final ToolCallback CALENDAR = FunctionToolCallback.builder("calendar", () -> "Monday")
		.description("The day")
		.inputType(Void.class)
		.build();

	private final ClaudeResilienceChatOptions defaults = ClaudeResilienceChatOptions.builder()
		.model("claude-sonnet-4-5")
		.maxTokens(100)
		.stopSequences(List.of("END"))
		.thinkingBudgetTokens(1024)
		.userId("user-1")
		.toolChoice(ClaudeRequest.ToolChoice.of("auto"))
		.priority(ClaudeRequest.Priority.BATCH)
		.tenant("acme")
		.cacheable(true)
		.toolCallbacks(CLOCK)
		.toolNames("weather")
		.toolContext(Map.of("region", "eu"))
		.build();

	@Test
	void overriddenByNothingShouldBeACopyOfTheDefaults() {
		ClaudeResilienceChatOptions merged = this.defaults.overriddenBy(null);

		assertThat(merged).isNotSameAs(this.defaults).usingRecursiveComparison().isEqualTo(this.defaults);
		merged.getToolNames().add("more");
		assertThat(this.defaults.getToolNames()).containsExactly("weather");
	}

	@Test
	void overriddenByPortableOptionsShouldTakeTheirsAndKeepClaudesOwn() {
		ClaudeResilienceChatOptions merged = this.defaults
			.overriddenBy(ChatOptions.builder().model("claude-haiku-4-5").maxTokens(50).build());

		assertThat(merged.getModel()).isEqualTo("claude-haiku-4-5");
		assertThat(merged.getMaxTokens()).isEqualTo(50);
		assertThat(merged.getStopSequences()).containsExactly("END");
		assertThat(merged.getPriority()).isEqualTo(ClaudeRequest.Priority.BATCH);
		assertThat(merged.getTenant()).isEqualTo("acme");
		assertThat(merged.getThinkingBudgetTokens()).isEqualTo(1024);
		assertThat(merged.getToolCallbacks()).containsExactly(CLOCK);
	}

	@Test
	void overriddenByToolOptionsShouldReplaceTheToolsTheyNameAndMergeTheContext() {
		ToolCallingChatOptions runtime = ToolCallingChatOptions.builder()
			.toolCallbacks(CALENDAR)
			.toolContext(Map.of("user", "u-7"))
			.internalToolExecutionEnabled(false)
			.build();

		ClaudeResilienceChatOptions merged = this.defaults.overriddenBy(runtime);

		assertThat(merged.getToolCallbacks()).containsExactly(CALENDAR);
		assertThat(merged.getToolNames()).containsExactly("weather");
		assertThat(merged.getToolContext()).containsOnly(Map.entry("region", "eu"), Map.entry("user", "u-7"));
		assertThat(merged.getInternalToolExecutionEnabled()).isFalse();
	}

	@Test
	void overriddenByTheseOptionsShouldTakeEverythingTheySet() {
		ClaudeResilienceChatOptions runtime = ClaudeResilienceChatOptions.builder()
			.userId("user-2")
			.priority(ClaudeRequest.Priority.INTERACTIVE)
			.tenant("globex")
			.cacheable(false)
			.thinkingBudgetTokens(2048)
			.toolChoice(ClaudeRequest.ToolChoice.tool("clock"))
			.toolNames("clock")
			.build();

		ClaudeResilienceChatOptions merged = this.defaults.overriddenBy(runtime);

		assertThat(merged.getUserId()).isEqualTo("user-2");
		assertThat(merged.getPriority()).isEqualTo(ClaudeRequest.Priority.INTERACTIVE);
		assertThat(merged.getTenant()).isEqualTo("globex");
		assertThat(merged.getCacheable()).isFalse();
		assertThat(merged.getThinkingBudgetTokens()).isEqualTo(2048);
		assertThat(merged.getToolChoice()).isEqualTo(ClaudeRequest.ToolChoice.tool("clock"));
		assertThat(merged.getToolNames()).isEqualTo(Set.of("clock"));
		assertThat(merged.getModel()).isEqualTo("claude-sonnet-4-5");
	}

	@Test
	void penaltiesShouldBeIgnoredAsClaudeHasNone() {
		ClaudeResilienceChatOptions merged = this.defaults
			.overriddenBy(ChatOptions.builder().frequencyPenalty(0.5).presencePenalty(0.5).build());

		assertThat(merged.getFrequencyPenalty()).isNull();
		assertThat(merged.getPresencePenalty()).isNull();
	}

	@Test
	void copyShouldBeIndependentOfTheOriginal() {
		ClaudeResilienceChatOptions copy = this.defaults.copy();
		copy.getStopSequences().add("STOP");
		copy.getToolCallbacks().add(CALENDAR);
		copy.getToolContext().put("more", "context");

		assertThat(this.defaults.getStopSequences()).containsExactly("END");
		assertThat(this.defaults.getToolCallbacks()).containsExactly(CLOCK);
		assertThat(this.defaults.getToolContext()).containsOnlyKeys("region");
	}

}
