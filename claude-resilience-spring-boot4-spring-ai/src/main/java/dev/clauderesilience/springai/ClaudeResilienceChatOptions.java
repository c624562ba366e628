package dev.clauderesilience.springai;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.model.tool.DefaultToolCallingChatOptions;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;

import dev.clauderesilience.client.ClaudeRequest;

/**
 * The options of a {@link ClaudeResilienceChatModel} call: Spring AI's portable chat options and
 * tool callbacks, plus Claude's thinking budget, end-user id and tool choice, and the pipeline's
 * priority lane, tenant and response caching. An option left unset takes the starter's default
 * ({@code claude.model}, {@code claude.max-tokens}). Immutable: derive other options with
 * {@link #mutate()}.
 *
 * @since 0.2.0
 */
public final class ClaudeResilienceChatOptions implements ToolCallingChatOptions {

	private static final Logger logger = LoggerFactory.getLogger(ClaudeResilienceChatOptions.class);

	private final @Nullable String model;

	private final @Nullable Integer maxTokens;

	private final @Nullable List<String> stopSequences;

	private final @Nullable Double temperature;

	private final @Nullable Double topP;

	private final @Nullable Integer topK;

	private final @Nullable Integer thinkingBudgetTokens;

	private final @Nullable String userId;

	private final ClaudeRequest.@Nullable ToolChoice toolChoice;

	private final ClaudeRequest.@Nullable Priority priority;

	private final @Nullable String tenant;

	private final @Nullable Boolean cacheable;

	private final List<ToolCallback> toolCallbacks;

	private final Map<String, Object> toolContext;

	private ClaudeResilienceChatOptions(@Nullable String model, @Nullable Integer maxTokens,
			@Nullable List<String> stopSequences, @Nullable Double temperature, @Nullable Double topP,
			@Nullable Integer topK, @Nullable List<ToolCallback> toolCallbacks, @Nullable Map<String, Object> toolContext,
			Builder claude) {
		this.model = model;
		this.maxTokens = maxTokens;
		this.stopSequences = (stopSequences != null) ? List.copyOf(stopSequences) : null;
		this.temperature = temperature;
		this.topP = topP;
		this.topK = topK;
		this.toolCallbacks = (toolCallbacks != null) ? List.copyOf(toolCallbacks) : List.of();
		this.toolContext = (toolContext != null) ? Map.copyOf(toolContext) : Map.of();
		this.thinkingBudgetTokens = claude.thinkingBudgetTokens;
		this.userId = claude.userId;
		this.toolChoice = claude.toolChoice;
		this.priority = claude.priority;
		this.tenant = claude.tenant;
		this.cacheable = claude.cacheable;
	}

	/**
	 * A new builder.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	@Override
	public @Nullable String getModel() {
		return this.model;
	}

	@Override
	public @Nullable Integer getMaxTokens() {
		return this.maxTokens;
	}

	@Override
	public @Nullable List<String> getStopSequences() {
		return this.stopSequences;
	}

	/**
	 * The sampling temperature; only API version {@code 2023-06-01} accepts it, with any other a
	 * call setting it fails before it is sent.
	 */
	@Override
	public @Nullable Double getTemperature() {
		return this.temperature;
	}

	/**
	 * Nucleus sampling; only API version {@code 2023-06-01} accepts it.
	 */
	@Override
	public @Nullable Double getTopP() {
		return this.topP;
	}

	/**
	 * Top-k sampling; only API version {@code 2023-06-01} accepts it.
	 */
	@Override
	public @Nullable Integer getTopK() {
		return this.topK;
	}

	/**
	 * Claude has no frequency penalty.
	 * @return always {@code null}
	 */
	@Override
	public @Nullable Double getFrequencyPenalty() {
		return null;
	}

	/**
	 * Claude has no presence penalty.
	 * @return always {@code null}
	 */
	@Override
	public @Nullable Double getPresencePenalty() {
		return null;
	}

	/**
	 * The extended-thinking budget in tokens (at least 1024, below max tokens); {@code null}
	 * leaves thinking off.
	 * @return the budget, or {@code null}
	 */
	public @Nullable Integer getThinkingBudgetTokens() {
		return this.thinkingBudgetTokens;
	}

	/**
	 * An opaque id of the end user, sent as {@code metadata.user_id} to help Anthropic detect
	 * abuse; never a name, an email address or a phone number.
	 * @return the id, or {@code null}
	 */
	public @Nullable String getUserId() {
		return this.userId;
	}

	/**
	 * How the model should use the tools ({@code auto} when unset).
	 * @return the choice, or {@code null}
	 */
	public ClaudeRequest.@Nullable ToolChoice getToolChoice() {
		return this.toolChoice;
	}

	/**
	 * The lane the calls wait in when a limit binds ({@code INTERACTIVE} when unset).
	 * @return the priority, or {@code null}
	 */
	public ClaudeRequest.@Nullable Priority getPriority() {
		return this.priority;
	}

	/**
	 * The tenant whose budget and fair share the calls count against; unset, the application's
	 * tenant resolver decides.
	 * @return the tenant, or {@code null}
	 */
	public @Nullable String getTenant() {
		return this.tenant;
	}

	/**
	 * Whether answers may be served from, and stored in, the response cache when
	 * {@code claude.cache.mode} is {@code explicit}.
	 * @return whether cacheable, or {@code null} for no
	 */
	public @Nullable Boolean getCacheable() {
		return this.cacheable;
	}

	@Override
	public List<ToolCallback> getToolCallbacks() {
		return this.toolCallbacks;
	}

	@Override
	public Map<String, Object> getToolContext() {
		return this.toolContext;
	}

	@Override
	public Builder mutate() {
		return builder().model(this.model)
			.maxTokens(this.maxTokens)
			.stopSequences(this.stopSequences)
			.temperature(this.temperature)
			.topP(this.topP)
			.topK(this.topK)
			.thinkingBudgetTokens(this.thinkingBudgetTokens)
			.userId(this.userId)
			.toolChoice(this.toolChoice)
			.priority(this.priority)
			.tenant(this.tenant)
			.cacheable(this.cacheable)
			.toolCallbacks(this.toolCallbacks)
			.toolContext(this.toolContext);
	}

	@Override
	public boolean equals(@Nullable Object other) {
		if (this == other) {
			return true;
		}
		return other instanceof ClaudeResilienceChatOptions that && Objects.equals(this.model, that.model)
				&& Objects.equals(this.maxTokens, that.maxTokens)
				&& Objects.equals(this.stopSequences, that.stopSequences)
				&& Objects.equals(this.temperature, that.temperature) && Objects.equals(this.topP, that.topP)
				&& Objects.equals(this.topK, that.topK)
				&& Objects.equals(this.thinkingBudgetTokens, that.thinkingBudgetTokens)
				&& Objects.equals(this.userId, that.userId) && Objects.equals(this.toolChoice, that.toolChoice)
				&& this.priority == that.priority && Objects.equals(this.tenant, that.tenant)
				&& Objects.equals(this.cacheable, that.cacheable)
				&& this.toolCallbacks.equals(that.toolCallbacks) && this.toolContext.equals(that.toolContext);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.model, this.maxTokens, this.stopSequences, this.temperature, this.topP, this.topK,
				this.thinkingBudgetTokens, this.userId, this.toolChoice, this.priority, this.tenant, this.cacheable,
				this.toolCallbacks, this.toolContext);
	}

	@Override
	public String toString() {
		return "ClaudeResilienceChatOptions[model=" + this.model + ", maxTokens=" + this.maxTokens + ", stopSequences="
				+ this.stopSequences + ", thinkingBudgetTokens=" + this.thinkingBudgetTokens + ", toolChoice="
				+ this.toolChoice + ", priority=" + this.priority + ", tenant=" + this.tenant + ", cacheable="
				+ this.cacheable + ", tools=" + this.toolCallbacks.stream().map((tool) -> tool.getToolDefinition().name())
					.toList() + "]";
	}

	/**
	 * Builds {@link ClaudeResilienceChatOptions}. It extends Spring AI's tool-calling options
	 * builder because {@code ChatClient} merges a request's options into the model's with
	 * {@link #combineWith(ChatOptions.Builder)}, which reads the other builder's values only when
	 * it is one of that family: so portable options, tools and tool context given to
	 * {@code ChatClient} in any of Spring AI's builders reach this model, and this builder's own
	 * options when it is the one given.
	 */
	public static final class Builder extends DefaultToolCallingChatOptions.Builder<Builder> {

		private @Nullable Integer thinkingBudgetTokens;

		private @Nullable String userId;

		private ClaudeRequest.@Nullable ToolChoice toolChoice;

		private ClaudeRequest.@Nullable Priority priority;

		private @Nullable String tenant;

		private @Nullable Boolean cacheable;

		private Builder() {
		}

		/**
		 * Turns extended thinking on with a budget.
		 * @param thinkingBudgetTokens the budget (at least 1024, below max tokens), or
		 * {@code null} for no thinking
		 * @return this builder
		 */
		public Builder thinkingBudgetTokens(@Nullable Integer thinkingBudgetTokens) {
			this.thinkingBudgetTokens = thinkingBudgetTokens;
			return this;
		}

		/**
		 * The opaque end-user id sent as {@code metadata.user_id}.
		 * @param userId the id
		 * @return this builder
		 */
		public Builder userId(@Nullable String userId) {
			this.userId = userId;
			return this;
		}

		public Builder toolChoice(ClaudeRequest.@Nullable ToolChoice toolChoice) {
			this.toolChoice = toolChoice;
			return this;
		}

		public Builder priority(ClaudeRequest.@Nullable Priority priority) {
			this.priority = priority;
			return this;
		}

		public Builder tenant(@Nullable String tenant) {
			this.tenant = tenant;
			return this;
		}

		public Builder cacheable(@Nullable Boolean cacheable) {
			this.cacheable = cacheable;
			return this;
		}

		/**
		 * Takes every option {@code other} sets, Claude's own too when it is a builder of these
		 * options; stop sequences, tools and tool context are added to these ones, as Spring AI's
		 * builders do.
		 */
		@Override
		public Builder combineWith(ChatOptions.Builder<?> other) {
			super.combineWith(other);
			if (other instanceof Builder claude) {
				this.thinkingBudgetTokens = pick(claude.thinkingBudgetTokens, this.thinkingBudgetTokens);
				this.userId = pick(claude.userId, this.userId);
				this.toolChoice = pick(claude.toolChoice, this.toolChoice);
				this.priority = pick(claude.priority, this.priority);
				this.tenant = pick(claude.tenant, this.tenant);
				this.cacheable = pick(claude.cacheable, this.cacheable);
			}
			return this;
		}

		@Override
		public ClaudeResilienceChatOptions build() {
			if (this.frequencyPenalty != null || this.presencePenalty != null) {
				logger.warn("Claude has no frequency or presence penalty: the option is ignored");
			}
			// Spring AI's builder fields are protected: only this subclass reads them
			return new ClaudeResilienceChatOptions(this.model, this.maxTokens, this.stopSequences, this.temperature,
					this.topP, this.topK, this.toolCallbacks, this.toolContext, this);
		}

		private static <T> @Nullable T pick(@Nullable T other, @Nullable T current) {
			return (other != null) ? other : current;
		}

	}

}
