package dev.clauderesilience.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Messages API request. Immutable; build one with {@link #builder()} or {@link #of}. A
 * {@code null} model or max_tokens takes the client's configured default.
 * <p>
 * {@code temperature}, {@code top_p} and {@code top_k} are valid only with API version
 * {@code 2023-06-01}; with {@code 2026-10-21} a request carrying any of them fails before it
 * is sent with a {@link ClaudeRequestValidationException}.
 *
 * @param model the model id, or {@code null} for the configured default
 * @param maxTokens the most tokens to generate, or {@code null} for the configured default
 * @param system the system prompt blocks
 * @param messages the conversation
 * @param temperature the sampling temperature ({@code 2023-06-01} only), or {@code null}
 * @param topP nucleus sampling ({@code 2023-06-01} only), or {@code null}
 * @param topK top-k sampling ({@code 2023-06-01} only), or {@code null}
 * @param stopSequences custom stop sequences
 * @param metadata request metadata such as {@code user_id}
 * @param tools the tools the model may use
 * @param toolChoice how the model should use the tools, or {@code null}
 * @param thinking extended-thinking configuration, or {@code null}
 * @param extra top-level fields this model does not name (e.g. {@code service_tier}), sent as given
 * @param cacheable whether the answer may be served from (and stored in) the response cache when
 * {@code claude.cache.mode} is {@code explicit}; never sent
 * @param priority which lane the call waits in when a limit binds; never sent
 * @param tenant whose budget and fair share the call counts against, or {@code null} for the
 * resolved or default tenant; never sent
 * @since 0.1.0
 */
public record ClaudeRequest(String model, Integer maxTokens, List<ContentBlock.Text> system, List<Message> messages,
		Double temperature, Double topP, Integer topK, List<String> stopSequences, Map<String, String> metadata,
		List<Tool> tools, ToolChoice toolChoice, ThinkingConfig thinking, Map<String, JsonNode> extra,
		boolean cacheable, Priority priority, String tenant) {

	public ClaudeRequest {
		priority = (priority != null) ? priority : Priority.INTERACTIVE;
		system = (system != null) ? List.copyOf(system) : List.of();
		messages = (messages != null) ? List.copyOf(messages) : List.of();
		stopSequences = (stopSequences != null) ? List.copyOf(stopSequences) : List.of();
		metadata = (metadata != null) ? Map.copyOf(metadata) : Map.of();
		tools = (tools != null) ? List.copyOf(tools) : List.of();
		extra = (extra != null) ? Map.copyOf(extra) : Map.of();
	}

	/**
	 * A one-turn request.
	 * @param model the model id
	 * @param maxTokens the most tokens to generate
	 * @param userText the user's text
	 * @return the request
	 */
	public static ClaudeRequest of(String model, int maxTokens, String userText) {
		return builder().model(model).maxTokens(maxTokens).user(userText).build();
	}

	/**
	 * A new builder.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * A builder initialised with this request's values.
	 * @return the builder
	 */
	public Builder toBuilder() {
		Builder builder = new Builder();
		builder.model = this.model;
		builder.maxTokens = this.maxTokens;
		builder.system.addAll(this.system);
		builder.messages.addAll(this.messages);
		builder.temperature = this.temperature;
		builder.topP = this.topP;
		builder.topK = this.topK;
		builder.stopSequences.addAll(this.stopSequences);
		builder.metadata.putAll(this.metadata);
		builder.tools.addAll(this.tools);
		builder.toolChoice = this.toolChoice;
		builder.thinking = this.thinking;
		builder.extra.putAll(this.extra);
		builder.cacheable = this.cacheable;
		builder.priority = this.priority;
		builder.tenant = this.tenant;
		return builder;
	}

	/**
	 * This request with a model and max_tokens filled in where it sets none.
	 * @param defaultModel the model to use when none is set, or {@code null}
	 * @param defaultMaxTokens the max_tokens to use when none is set, or {@code null}
	 * @return this request, or a completed copy
	 */
	public ClaudeRequest withDefaults(String defaultModel, Integer defaultMaxTokens) {
		boolean needsModel = this.model == null && defaultModel != null;
		boolean needsMaxTokens = this.maxTokens == null && defaultMaxTokens != null;
		if (!needsModel && !needsMaxTokens) {
			return this;
		}
		return toBuilder().model(needsModel ? defaultModel : this.model)
			.maxTokens(needsMaxTokens ? defaultMaxTokens : this.maxTokens)
			.build();
	}

	/**
	 * This request for another model.
	 * @param model the model id
	 * @return a copy naming that model
	 */
	public ClaudeRequest withModel(String model) {
		return toBuilder().model(model).build();
	}

	/**
	 * The system prompt's text, concatenated.
	 * @return the text, empty when none
	 */
	public String systemText() {
		return Texts.join(this.system);
	}

	/**
	 * This request counted against a tenant.
	 * @param tenant the tenant
	 * @return this request, or a copy naming the tenant
	 */
	public ClaudeRequest withTenant(String tenant) {
		return java.util.Objects.equals(tenant, this.tenant) ? this : toBuilder().tenant(tenant).build();
	}

	/**
	 * Which lane a call waits in when a limit binds: interactive calls are admitted before
	 * waiting batch calls, and batch keeps a minimum share so that it never starves.
	 *
	 * @since 0.2.0
	 */
	public enum Priority {

		/** A person is waiting for the answer (the default). */
		INTERACTIVE,

		/** Background work that can wait: admitted after interactive calls, within its share. */
		BATCH

	}

	/**
	 * A tool the model may call.
	 *
	 * @param name the tool name
	 * @param description what it does, or {@code null}
	 * @param inputSchema the JSON schema of its input, or {@code null} for server tools
	 * @param extra other fields (e.g. {@code type} of a server tool, {@code cache_control})
	 */
	public record Tool(String name, String description, JsonNode inputSchema, Map<String, JsonNode> extra) {

		public Tool {
			extra = (extra != null) ? Map.copyOf(extra) : Map.of();
		}

	}

	/**
	 * How the model should use the tools.
	 *
	 * @param type {@code auto}, {@code any}, {@code tool} or {@code none}
	 * @param name the tool to use when the type is {@code tool}
	 * @param extra other fields (e.g. {@code disable_parallel_tool_use})
	 */
	public record ToolChoice(String type, String name, Map<String, JsonNode> extra) {

		public ToolChoice {
			extra = (extra != null) ? Map.copyOf(extra) : Map.of();
		}

		/**
		 * A choice by type alone.
		 * @param type {@code auto}, {@code any} or {@code none}
		 * @return the choice
		 */
		public static ToolChoice of(String type) {
			return new ToolChoice(type, null, Map.of());
		}

		/**
		 * Forces one tool.
		 * @param name the tool name
		 * @return the choice
		 */
		public static ToolChoice tool(String name) {
			return new ToolChoice("tool", name, Map.of());
		}

	}

	/**
	 * Extended-thinking configuration.
	 *
	 * @param type {@code enabled} or {@code disabled}
	 * @param budgetTokens the thinking budget when enabled (at least 1024, below max_tokens)
	 */
	public record ThinkingConfig(String type, Integer budgetTokens) {

		/**
		 * Thinking enabled with a budget.
		 * @param budgetTokens the budget
		 * @return the configuration
		 */
		public static ThinkingConfig enabled(int budgetTokens) {
			return new ThinkingConfig("enabled", budgetTokens);
		}

		/**
		 * Thinking disabled.
		 * @return the configuration
		 */
		public static ThinkingConfig disabled() {
			return new ThinkingConfig("disabled", null);
		}

	}

	/**
	 * Builds a {@link ClaudeRequest}.
	 */
	public static final class Builder {

		private String model;

		private Integer maxTokens;

		private final List<ContentBlock.Text> system = new ArrayList<>();

		private final List<Message> messages = new ArrayList<>();

		private Double temperature;

		private Double topP;

		private Integer topK;

		private final List<String> stopSequences = new ArrayList<>();

		private final Map<String, String> metadata = new LinkedHashMap<>();

		private final List<Tool> tools = new ArrayList<>();

		private ToolChoice toolChoice;

		private ThinkingConfig thinking;

		private final Map<String, JsonNode> extra = new LinkedHashMap<>();

		private boolean cacheable;

		private Priority priority = Priority.INTERACTIVE;

		private String tenant;

		private Builder() {
		}

		public Builder model(String model) {
			this.model = model;
			return this;
		}

		public Builder maxTokens(Integer maxTokens) {
			this.maxTokens = maxTokens;
			return this;
		}

		/**
		 * Replaces the system prompt with one text block.
		 * @param text the system prompt, {@code null} for none
		 * @return this builder
		 */
		public Builder system(String text) {
			this.system.clear();
			if (text != null) {
				this.system.add(ContentBlock.text(text));
			}
			return this;
		}

		public Builder system(List<ContentBlock.Text> blocks) {
			this.system.clear();
			this.system.addAll(blocks);
			return this;
		}

		public Builder message(Message message) {
			this.messages.add(message);
			return this;
		}

		public Builder messages(List<Message> messages) {
			this.messages.clear();
			this.messages.addAll(messages);
			return this;
		}

		/**
		 * Adds a user turn with plain text.
		 * @param text the text
		 * @return this builder
		 */
		public Builder user(String text) {
			return message(Message.user(text));
		}

		/**
		 * Adds an assistant turn with plain text.
		 * @param text the text
		 * @return this builder
		 */
		public Builder assistant(String text) {
			return message(Message.assistant(text));
		}

		public Builder temperature(Double temperature) {
			this.temperature = temperature;
			return this;
		}

		public Builder topP(Double topP) {
			this.topP = topP;
			return this;
		}

		public Builder topK(Integer topK) {
			this.topK = topK;
			return this;
		}

		public Builder stopSequences(List<String> stopSequences) {
			this.stopSequences.clear();
			this.stopSequences.addAll(stopSequences);
			return this;
		}

		public Builder metadata(String key, String value) {
			this.metadata.put(key, value);
			return this;
		}

		public Builder tool(Tool tool) {
			this.tools.add(tool);
			return this;
		}

		public Builder tools(List<Tool> tools) {
			this.tools.clear();
			this.tools.addAll(tools);
			return this;
		}

		public Builder toolChoice(ToolChoice toolChoice) {
			this.toolChoice = toolChoice;
			return this;
		}

		public Builder thinking(ThinkingConfig thinking) {
			this.thinking = thinking;
			return this;
		}

		/**
		 * Sets a top-level field this model does not name; it is sent as given.
		 * @param name the JSON field name
		 * @param value its value
		 * @return this builder
		 */
		public Builder extra(String name, JsonNode value) {
			this.extra.put(name, value);
			return this;
		}

		/**
		 * Marks the answer as stable enough to be served from the response cache (FAQ and policy
		 * answers, say), for {@code claude.cache.mode=explicit}.
		 * @param cacheable whether the answer may be cached
		 * @return this builder
		 */
		public Builder cacheable(boolean cacheable) {
			this.cacheable = cacheable;
			return this;
		}

		/**
		 * The lane the call waits in when a limit binds, {@link Priority#INTERACTIVE} by default.
		 * @param priority the priority
		 * @return this builder
		 */
		public Builder priority(Priority priority) {
			this.priority = (priority != null) ? priority : Priority.INTERACTIVE;
			return this;
		}

		/**
		 * The tenant the call counts against: its daily budget and its fair share when a limit
		 * binds. Unset, the application's {@code ClaudeTenantResolver} decides.
		 * @param tenant the tenant id
		 * @return this builder
		 */
		public Builder tenant(String tenant) {
			this.tenant = tenant;
			return this;
		}

		public ClaudeRequest build() {
			return new ClaudeRequest(this.model, this.maxTokens, this.system, this.messages, this.temperature,
					this.topP, this.topK, this.stopSequences, this.metadata, this.tools, this.toolChoice,
					this.thinking, this.extra, this.cacheable, this.priority, this.tenant);
		}

	}

}
