package dev.clauderesilience.springai;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.function.FunctionToolCallback;

import dev.clauderesilience.client.ClaudeRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

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
		.toolContext(Map.of("region", "eu"))
		.build();

	@Test
	void mutateShouldStartFromEveryOption() {
		ClaudeResilienceChatOptions copy = this.defaults.mutate().build();

		assertThat(copy).isNotSameAs(this.defaults).isEqualTo(this.defaults).hasSameHashCodeAs(this.defaults);
		assertThat(copy).usingRecursiveComparison().isEqualTo(this.defaults);
	}

	@Test
	void combinedWithPortableOptionsShouldTakeTheirsAndKeepClaudesOwn() {
		ClaudeResilienceChatOptions merged = this.defaults.mutate()
			.combineWith(ChatOptions.builder().model("claude-haiku-4-5").maxTokens(50))
			.build();

		assertThat(merged.getModel()).isEqualTo("claude-haiku-4-5");
		assertThat(merged.getMaxTokens()).isEqualTo(50);
		assertThat(merged.getStopSequences()).containsExactly("END");
		assertThat(merged.getPriority()).isEqualTo(ClaudeRequest.Priority.BATCH);
		assertThat(merged.getTenant()).isEqualTo("acme");
		assertThat(merged.getThinkingBudgetTokens()).isEqualTo(1024);
		assertThat(merged.getToolCallbacks()).containsExactly(CLOCK);
	}

	@Test
	void combinedWithToolOptionsShouldAddTheirToolsAndContext() {
		ClaudeResilienceChatOptions merged = this.defaults.mutate()
			.combineWith(ToolCallingChatOptions.builder().toolCallbacks(CALENDAR).toolContext(Map.of("user", "u-7")))
			.build();

		assertThat(merged.getToolCallbacks()).containsExactly(CLOCK, CALENDAR);
		assertThat(merged.getToolContext()).containsOnly(Map.entry("region", "eu"), Map.entry("user", "u-7"));
		assertThat(merged.getUserId()).isEqualTo("user-1");
	}

	@Test
	void combinedWithTheseOptionsShouldTakeEverythingTheySet() {
		ClaudeResilienceChatOptions merged = this.defaults.mutate()
			.combineWith(ClaudeResilienceChatOptions.builder()
				.userId("user-2")
				.priority(ClaudeRequest.Priority.INTERACTIVE)
				.tenant("globex")
				.cacheable(false)
				.thinkingBudgetTokens(2048)
				.toolChoice(ClaudeRequest.ToolChoice.tool("clock")))
			.build();

		assertThat(merged.getUserId()).isEqualTo("user-2");
		assertThat(merged.getPriority()).isEqualTo(ClaudeRequest.Priority.INTERACTIVE);
		assertThat(merged.getTenant()).isEqualTo("globex");
		assertThat(merged.getCacheable()).isFalse();
		assertThat(merged.getThinkingBudgetTokens()).isEqualTo(2048);
		assertThat(merged.getToolChoice()).isEqualTo(ClaudeRequest.ToolChoice.tool("clock"));
		assertThat(merged.getModel()).isEqualTo("claude-sonnet-4-5");
	}

	@Test
	void combinedWithAnUnsetOptionShouldKeepThisOne() {
		ClaudeResilienceChatOptions merged = this.defaults.mutate()
			.combineWith(ClaudeResilienceChatOptions.builder())
			.build();

		assertThat(merged).isEqualTo(this.defaults);
	}

	@Test
	void penaltiesShouldBeIgnoredAsClaudeHasNone() {
		ClaudeResilienceChatOptions merged = this.defaults.mutate()
			.combineWith(ChatOptions.builder().frequencyPenalty(0.5).presencePenalty(0.5))
			.build();

		assertThat(merged.getFrequencyPenalty()).isNull();
		assertThat(merged.getPresencePenalty()).isNull();
	}

	@Test
	void optionsShouldNotChangeOnceBuilt() {
		List<String> stops = new ArrayList<>(List.of("END"));
		ClaudeResilienceChatOptions.Builder builder = ClaudeResilienceChatOptions.builder().stopSequences(stops);
		ClaudeResilienceChatOptions options = builder.build();

		stops.add("STOP");
		builder.maxTokens(10).toolCallbacks(CALENDAR);

		assertThat(options.getStopSequences()).containsExactly("END");
		assertThat(options.getMaxTokens()).isNull();
		assertThat(options.getToolCallbacks()).isEmpty();
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> options.getToolContext().put("more", "context"));
	}

}
