package dev.clauderesilience.springai;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.lang.Nullable;

import dev.clauderesilience.client.ClaudeRequest;

/**
 * The options of a {@link ClaudeResilienceChatModel} call: Spring AI's portable chat options and
 * tool calling, plus Claude's thinking budget, end-user id and tool choice, and the pipeline's
 * priority lane, tenant and response caching. An option left unset takes the model's default,
 * then the starter's ({@code claude.model}, {@code claude.max-tokens}). Mutable, as Spring AI's
 * {@code ChatClient} expects when it adds tools to a request; {@link #copy()} before sharing.
 *
 * @since 0.2.0
 */
public final class ClaudeResilienceChatOptions implements ToolCallingChatOptions {

	private static final Logger logger = LoggerFactory.getLogger(ClaudeResilienceChatOptions.class);

	private String model;

	private Integer maxTokens;

	private List<String> stopSequences;

	private Double temperature;

	private Double topP;

	private Integer topK;

	private Integer thinkingBudgetTokens;

	private String userId;

	private ClaudeRequest.ToolChoice toolChoice;

	private ClaudeRequest.Priority priority;

	private String tenant;

	private Boolean cacheable;

	private List<ToolCallback> toolCallbacks = new ArrayList<>();

	private Set<String> toolNames = new HashSet<>();

	private Boolean internalToolExecutionEnabled;

	private Map<String, Object> toolContext = new HashMap<>();

	/**
	 * A new builder.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	@Override
	@Nullable
	public String getModel() {
		return this.model;
	}

	public void setModel(@Nullable String model) {
		this.model = model;
	}

	@Override
	@Nullable
	public Integer getMaxTokens() {
		return this.maxTokens;
	}

	public void setMaxTokens(@Nullable Integer maxTokens) {
		this.maxTokens = maxTokens;
	}

	@Override
	@Nullable
	public List<String> getStopSequences() {
		return this.stopSequences;
	}

	public void setStopSequences(@Nullable List<String> stopSequences) {
		this.stopSequences = (stopSequences != null) ? new ArrayList<>(stopSequences) : null;
	}

	/**
	 * The sampling temperature; only API version {@code 2023-06-01} accepts it, with any other a
	 * call setting it fails before it is sent.
	 */
	@Override
	@Nullable
	public Double getTemperature() {
		return this.temperature;
	}

	public void setTemperature(@Nullable Double temperature) {
		this.temperature = temperature;
	}

	/**
	 * Nucleus sampling; only API version {@code 2023-06-01} accepts it.
	 */
	@Override
	@Nullable
	public Double getTopP() {
		return this.topP;
	}

	public void setTopP(@Nullable Double topP) {
		this.topP = topP;
	}

	/**
	 * Top-k sampling; only API version {@code 2023-06-01} accepts it.
	 */
	@Override
	@Nullable
	public Integer getTopK() {
		return this.topK;
	}

	public void setTopK(@Nullable Integer topK) {
		this.topK = topK;
	}

	/**
	 * Claude has no frequency penalty.
	 * @return always {@code null}
	 */
	@Override
	@Nullable
	public Double getFrequencyPenalty() {
		return null;
	}

	/**
	 * Claude has no presence penalty.
	 * @return always {@code null}
	 */
	@Override
	@Nullable
	public Double getPresencePenalty() {
		return null;
	}

	/**
	 * The extended-thinking budget in tokens (at least 1024, below max tokens); {@code null}
	 * leaves thinking off.
	 * @return the budget, or {@code null}
	 */
	@Nullable
	public Integer getThinkingBudgetTokens() {
		return this.thinkingBudgetTokens;
	}

	public void setThinkingBudgetTokens(@Nullable Integer thinkingBudgetTokens) {
		this.thinkingBudgetTokens = thinkingBudgetTokens;
	}

	/**
	 * An opaque id of the end user, sent as {@code metadata.user_id} to help Anthropic detect
	 * abuse; never a name, an email address or a phone number.
	 * @return the id, or {@code null}
	 */
	@Nullable
	public String getUserId() {
		return this.userId;
	}

	public void setUserId(@Nullable String userId) {
		this.userId = userId;
	}

	/**
	 * How the model should use the tools ({@code auto} when unset).
	 * @return the choice, or {@code null}
	 */
	@Nullable
	public ClaudeRequest.ToolChoice getToolChoice() {
		return this.toolChoice;
	}

	public void setToolChoice(@Nullable ClaudeRequest.ToolChoice toolChoice) {
		this.toolChoice = toolChoice;
	}

	/**
	 * The lane the calls wait in when a limit binds ({@code INTERACTIVE} when unset).
	 * @return the priority, or {@code null}
	 */
	@Nullable
	public ClaudeRequest.Priority getPriority() {
		return this.priority;
	}

	public void setPriority(@Nullable ClaudeRequest.Priority priority) {
		this.priority = priority;
	}

	/**
	 * The tenant whose budget and fair share the calls count against; unset, the application's
	 * tenant resolver decides.
	 * @return the tenant, or {@code null}
	 */
	@Nullable
	public String getTenant() {
		return this.tenant;
	}

	public void setTenant(@Nullable String tenant) {
		this.tenant = tenant;
	}

	/**
	 * Whether answers may be served from, and stored in, the response cache when
	 * {@code claude.cache.mode} is {@code explicit}.
	 * @return whether cacheable, or {@code null} for no
	 */
	@Nullable
	public Boolean getCacheable() {
		return this.cacheable;
	}

	public void setCacheable(@Nullable Boolean cacheable) {
		this.cacheable = cacheable;
	}

	@Override
	public List<ToolCallback> getToolCallbacks() {
		return this.toolCallbacks;
	}

	@Override
	public void setToolCallbacks(List<ToolCallback> toolCallbacks) {
		this.toolCallbacks = new ArrayList<>(Objects.requireNonNull(toolCallbacks, "toolCallbacks"));
	}

	@Override
	public Set<String> getToolNames() {
		return this.toolNames;
	}

	@Override
	public void setToolNames(Set<String> toolNames) {
		this.toolNames = new HashSet<>(Objects.requireNonNull(toolNames, "toolNames"));
	}

	@Override
	@Nullable
	public Boolean getInternalToolExecutionEnabled() {
		return this.internalToolExecutionEnabled;
	}

	@Override
	public void setInternalToolExecutionEnabled(@Nullable Boolean internalToolExecutionEnabled) {
		this.internalToolExecutionEnabled = internalToolExecutionEnabled;
	}

	@Override
	public Map<String, Object> getToolContext() {
		return this.toolContext;
	}

	@Override
	public void setToolContext(Map<String, Object> toolContext) {
		this.toolContext = new HashMap<>(Objects.requireNonNull(toolContext, "toolContext"));
	}

	@Override
	@SuppressWarnings("unchecked")
	public ClaudeResilienceChatOptions copy() {
		ClaudeResilienceChatOptions copy = new ClaudeResilienceChatOptions();
		copy.model = this.model;
		copy.maxTokens = this.maxTokens;
		copy.setStopSequences(this.stopSequences);
		copy.temperature = this.temperature;
		copy.topP = this.topP;
		copy.topK = this.topK;
		copy.thinkingBudgetTokens = this.thinkingBudgetTokens;
		copy.userId = this.userId;
		copy.toolChoice = this.toolChoice;
		copy.priority = this.priority;
		copy.tenant = this.tenant;
		copy.cacheable = this.cacheable;
		copy.setToolCallbacks(this.toolCallbacks);
		copy.setToolNames(this.toolNames);
		copy.internalToolExecutionEnabled = this.internalToolExecutionEnabled;
		copy.setToolContext(this.toolContext);
		return copy;
	}

	/**
	 * These options with what a prompt's options set laid over them. Any {@link ChatOptions}
	 * contributes its portable options, a {@link ToolCallingChatOptions} its tools (which replace
	 * these ones when it names any, as in Spring AI's own models), these options' type all of them.
	 */
	ClaudeResilienceChatOptions overriddenBy(@Nullable ChatOptions runtime) {
		ClaudeResilienceChatOptions merged = copy();
		if (runtime == null || runtime == this) {
			return merged;
		}
		merged.model = pick(runtime.getModel(), this.model);
		merged.maxTokens = pick(runtime.getMaxTokens(), this.maxTokens);
		merged.setStopSequences(pick(runtime.getStopSequences(), this.stopSequences));
		merged.temperature = pick(runtime.getTemperature(), this.temperature);
		merged.topP = pick(runtime.getTopP(), this.topP);
		merged.topK = pick(runtime.getTopK(), this.topK);
		if (runtime.getFrequencyPenalty() != null || runtime.getPresencePenalty() != null) {
			logger.warn("Claude has no frequency or presence penalty: the option is ignored");
		}
		if (runtime instanceof ToolCallingChatOptions tools) {
			merged.setToolCallbacks(ToolCallingChatOptions
				.mergeToolCallbacks(orEmpty(tools.getToolCallbacks()), this.toolCallbacks));
			merged.setToolNames(ToolCallingChatOptions.mergeToolNames(orEmpty(tools.getToolNames()), this.toolNames));
			merged.setToolContext(ToolCallingChatOptions.mergeToolContext(orEmpty(tools.getToolContext()),
					this.toolContext));
			merged.internalToolExecutionEnabled = pick(tools.getInternalToolExecutionEnabled(),
					this.internalToolExecutionEnabled);
		}
		if (runtime instanceof ClaudeResilienceChatOptions claude) {
			merged.thinkingBudgetTokens = pick(claude.thinkingBudgetTokens, this.thinkingBudgetTokens);
			merged.userId = pick(claude.userId, this.userId);
			merged.toolChoice = pick(claude.toolChoice, this.toolChoice);
			merged.priority = pick(claude.priority, this.priority);
			merged.tenant = pick(claude.tenant, this.tenant);
			merged.cacheable = pick(claude.cacheable, this.cacheable);
		}
		return merged;
	}

	private static <T> T pick(@Nullable T runtime, @Nullable T fallback) {
		return (runtime != null) ? runtime : fallback;
	}

	private static <T> List<T> orEmpty(@Nullable List<T> list) {
		return (list != null) ? list : List.of();
	}

	private static <T> Set<T> orEmpty(@Nullable Set<T> set) {
		return (set != null) ? set : Set.of();
	}

	private static <K, V> Map<K, V> orEmpty(@Nullable Map<K, V> map) {
		return (map != null) ? map : Map.of();
	}

	@Override
	public String toString() {
		return "ClaudeResilienceChatOptions[model=" + this.model + ", maxTokens=" + this.maxTokens + ", stopSequences="
				+ this.stopSequences + ", thinkingBudgetTokens=" + this.thinkingBudgetTokens + ", toolChoice="
				+ this.toolChoice + ", priority=" + this.priority + ", tenant=" + this.tenant + ", cacheable="
				+ this.cacheable + ", tools=" + this.toolCallbacks.size() + "+" + this.toolNames
				+ ", internalToolExecutionEnabled=" + this.internalToolExecutionEnabled + "]";
	}

	/**
	 * Builds {@link ClaudeResilienceChatOptions}.
	 */
	public static final class Builder {

		private final ClaudeResilienceChatOptions options = new ClaudeResilienceChatOptions();

		private Builder() {
		}

		public Builder model(@Nullable String model) {
			this.options.setModel(model);
			return this;
		}

		public Builder maxTokens(@Nullable Integer maxTokens) {
			this.options.setMaxTokens(maxTokens);
			return this;
		}

		public Builder stopSequences(@Nullable List<String> stopSequences) {
			this.options.setStopSequences(stopSequences);
			return this;
		}

		public Builder temperature(@Nullable Double temperature) {
			this.options.setTemperature(temperature);
			return this;
		}

		public Builder topP(@Nullable Double topP) {
			this.options.setTopP(topP);
			return this;
		}

		public Builder topK(@Nullable Integer topK) {
			this.options.setTopK(topK);
			return this;
		}

		/**
		 * Turns extended thinking on with a budget.
		 * @param thinkingBudgetTokens the budget (at least 1024, below max tokens), or
		 * {@code null} for no thinking
		 * @return this builder
		 */
		public Builder thinkingBudgetTokens(@Nullable Integer thinkingBudgetTokens) {
			this.options.setThinkingBudgetTokens(thinkingBudgetTokens);
			return this;
		}

		/**
		 * The opaque end-user id sent as {@code metadata.user_id}.
		 * @param userId the id
		 * @return this builder
		 */
		public Builder userId(@Nullable String userId) {
			this.options.setUserId(userId);
			return this;
		}

		public Builder toolChoice(@Nullable ClaudeRequest.ToolChoice toolChoice) {
			this.options.setToolChoice(toolChoice);
			return this;
		}

		public Builder priority(@Nullable ClaudeRequest.Priority priority) {
			this.options.setPriority(priority);
			return this;
		}

		public Builder tenant(@Nullable String tenant) {
			this.options.setTenant(tenant);
			return this;
		}

		public Builder cacheable(@Nullable Boolean cacheable) {
			this.options.setCacheable(cacheable);
			return this;
		}

		public Builder toolCallbacks(List<ToolCallback> toolCallbacks) {
			this.options.setToolCallbacks(toolCallbacks);
			return this;
		}

		public Builder toolCallbacks(ToolCallback... toolCallbacks) {
			return toolCallbacks(List.of(toolCallbacks));
		}

		public Builder toolNames(String... toolNames) {
			this.options.setToolNames(Set.copyOf(List.of(toolNames)));
			return this;
		}

		public Builder internalToolExecutionEnabled(@Nullable Boolean internalToolExecutionEnabled) {
			this.options.setInternalToolExecutionEnabled(internalToolExecutionEnabled);
			return this;
		}

		public Builder toolContext(Map<String, Object> toolContext) {
			this.options.setToolContext(toolContext);
			return this;
		}

		public ClaudeResilienceChatOptions build() {
			return this.options.copy();
		}

	}

}
