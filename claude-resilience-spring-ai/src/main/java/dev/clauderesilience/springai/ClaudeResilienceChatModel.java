package dev.clauderesilience.springai;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.observation.ObservationRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.ContextView;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.observation.ChatModelObservationConvention;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.DefaultToolExecutionEligibilityPredicate;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.model.tool.ToolExecutionEligibilityPredicate;
import org.springframework.ai.model.tool.ToolExecutionResult;
import org.springframework.ai.model.tool.internal.ToolCallReactiveContextHolder;
import org.springframework.ai.observation.conventions.AiProvider;
import org.springframework.ai.tool.definition.ToolDefinition;

import dev.clauderesilience.client.ClaudeClient;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeResponse;
import dev.clauderesilience.client.ClaudeStreamAccumulator;
import dev.clauderesilience.client.ClaudeStreamEvent;
import dev.clauderesilience.client.Usage;

/**
 * A Spring AI {@link ChatModel} backed by a {@link ClaudeClient}, so that {@code ChatClient}
 * calls, streams and every round trip of a tool call go through the client's pipeline (pacing,
 * retries, breakers, fallback models, the response cache) and fail with its typed exceptions,
 * such as {@code ClaudeUnavailableException}. It has no retry of its own: Spring AI's retry
 * settings do not apply to it.
 * <p>
 * Tools run through Spring AI's {@link ToolCallingManager} until the model answers with text,
 * unless the options turn internal tool execution off. {@link #call(Prompt)} blocks (never call
 * it on a reactive thread); {@link #stream(Prompt)} does not, and runs tools on
 * {@link Schedulers#boundedElastic()}.
 * <p>
 * With an {@link ObservationRegistry} (the auto-configured model has the application's), each
 * round trip is Spring AI's chat model observation, as Spring AI's own models record it (its
 * meters {@code gen_ai.client.operation} and {@code gen_ai.client.token.usage} included), with
 * the client's {@code claude.client.operation} under it.
 *
 * @since 0.2.0
 */
public final class ClaudeResilienceChatModel implements ChatModel {

	/**
	 * Response metadata: the model that was asked for, present only when a fallback model
	 * answered (the response's model is the one that did).
	 */
	public static final String FALLBACK_FROM = "claude.fallback-from";

	/** Response metadata: where the answer came from, a {@link ClaudeResponse.Source}. */
	public static final String SOURCE = "claude.source";

	/**
	 * Response metadata: everything the answer's rate-limit headers said, a
	 * {@link dev.clauderesilience.client.RateLimitSnapshot}; absent for an answer from the cache.
	 */
	public static final String RATE_LIMITS = "claude.rate-limits";

	/** Response metadata: the stop sequence that ended the answer, if one did. */
	public static final String STOP_SEQUENCE = "claude.stop-sequence";

	/**
	 * Assistant message property: the answer's content blocks as received (a list of
	 * {@link dev.clauderesilience.client.ContentBlock}), sent back as they were when the message
	 * is part of a later prompt.
	 */
	public static final String CONTENT_BLOCKS = "claude.content-blocks";

	private final ClaudeClient client;

	private final ClaudeResilienceChatOptions defaultOptions;

	private final ToolCallingManager toolCallingManager;

	private final ToolExecutionEligibilityPredicate toolExecutionEligibility;

	private final ChatModelObservations observations;

	private ClaudeResilienceChatModel(Builder builder) {
		this.client = builder.client;
		this.defaultOptions = builder.defaultOptions.copy();
		this.toolCallingManager = builder.toolCallingManager;
		this.toolExecutionEligibility = builder.toolExecutionEligibility;
		this.observations = new ChatModelObservations(builder.observationRegistry, builder.observationConvention);
	}

	/**
	 * A builder of a model on a client, usually the auto-configured pipeline.
	 * @param client the client
	 * @return the builder
	 */
	public static Builder builder(ClaudeClient client) {
		return new Builder(client);
	}

	@Override
	public ChatOptions getDefaultOptions() {
		return this.defaultOptions.copy();
	}

	@Override
	public ChatResponse call(Prompt prompt) {
		ClaudeResilienceChatOptions options = this.defaultOptions.overriddenBy(prompt.getOptions());
		List<ToolDefinition> tools = this.toolCallingManager.resolveToolDefinitions(options);
		Prompt round = new Prompt(prompt.getInstructions(), options);
		Usage used = Usage.NONE;
		while (true) {
			ClaudeResponse answer = send(round, ClaudeRequestMapper.toRequest(round, options, tools));
			used = ChatResponseMapper.plus(used, answer.usage());
			ChatResponse response = ChatResponseMapper.toChatResponse(answer, used);
			if (!this.toolExecutionEligibility.isToolExecutionRequired(options, response)) {
				return response;
			}
			ToolExecutionResult results = this.toolCallingManager.executeToolCalls(round, response);
			if (results.returnDirect()) {
				return directAnswer(response, results);
			}
			round = new Prompt(results.conversationHistory(), options);
		}
	}

	@Override
	public Flux<ChatResponse> stream(Prompt prompt) {
		return Flux.defer(() -> {
			ClaudeResilienceChatOptions options = this.defaultOptions.overriddenBy(prompt.getOptions());
			List<ToolDefinition> tools = this.toolCallingManager.resolveToolDefinitions(options);
			return streamRound(new Prompt(prompt.getInstructions(), options), options, tools, Usage.NONE);
		});
	}

	/**
	 * One round trip, streamed: its text as it comes, then either the last chunk (finish reason,
	 * usage, tool calls left to the caller) or, when the model called tools that run here, the
	 * next round with their results.
	 */
	private Flux<ChatResponse> streamRound(Prompt round, ClaudeResilienceChatOptions options,
			List<ToolDefinition> tools, Usage before) {
		return Flux.defer(() -> {
			ClaudeStreamAccumulator answer = new ClaudeStreamAccumulator();
			AtomicReference<ClaudeResponse> start = new AtomicReference<>();
			Flux<ChatResponse> text = observed(round,
					this.client.stream(ClaudeRequestMapper.toRequest(round, options, tools)).doOnNext(answer::add),
					answer)
				.<ChatResponse>handle((event, sink) -> {
					if (event instanceof ClaudeStreamEvent.MessageStart messageStart) {
						start.set(messageStart.message());
					}
					else if (event instanceof ClaudeStreamEvent.ContentBlockDelta delta
							&& delta.delta() instanceof ClaudeStreamEvent.TextDelta piece && !piece.text().isEmpty()) {
						sink.next(ChatResponseMapper.textChunk(start.get(), piece.text()));
					}
				});
			return text.concatWith(Flux.defer(() -> endOfRound(round, options, tools, answer.toResponse(), before)));
		});
	}

	// one round trip, a Spring AI observation: the current one while the pipeline subscribes on
	// this thread, so that the client's own observation is its child
	private ClaudeResponse send(Prompt round, ClaudeRequest request) {
		if (this.observations.isNoop()) {
			return answer(request);
		}
		ChatModelObservationContext context = observationContext(round);
		return this.observations.observation(context).observe(() -> {
			ClaudeResponse answer = answer(request);
			answered(context, answer);
			return answer;
		});
	}

	private ClaudeResponse answer(ClaudeRequest request) {
		return Objects.requireNonNull(this.client.send(request).block(), "The Claude client completed without an answer");
	}

	// one streamed round trip, observed; it ends with the round, before any tool runs
	private Flux<ClaudeStreamEvent> observed(Prompt round, Flux<ClaudeStreamEvent> events,
			ClaudeStreamAccumulator answer) {
		return this.observations.stream(events, () -> observationContext(round),
				(context) -> answered(context, answer.toResponse()));
	}

	// the prompt as Spring AI's observation sees it: options of its own, whose model is filled in
	// once the answer tells which model was asked for (the client's default when none was named)
	private static ChatModelObservationContext observationContext(Prompt round) {
		ChatOptions options = (round.getOptions() instanceof ClaudeResilienceChatOptions claude) ? claude.copy()
				: round.getOptions();
		return ChatModelObservationContext.builder()
			.prompt(new Prompt(round.getInstructions(), options))
			.provider(AiProvider.ANTHROPIC.value())
			.build();
	}

	// this round's answer and usage (the response the caller gets adds up every round's)
	private static void answered(ChatModelObservationContext context, ClaudeResponse answer) {
		if (context.getRequest().getOptions() instanceof ClaudeResilienceChatOptions options
				&& options.getModel() == null) {
			options.setModel((answer.fallbackFrom() != null) ? answer.fallbackFrom() : answer.model());
		}
		context.setResponse(ChatResponseMapper.toChatResponse(answer, answer.usage()));
	}

	private Flux<ChatResponse> endOfRound(Prompt round, ClaudeResilienceChatOptions options,
			List<ToolDefinition> tools, ClaudeResponse answer, Usage before) {
		Usage used = ChatResponseMapper.plus(before, answer.usage());
		ChatResponse response = ChatResponseMapper.toChatResponse(answer, used);
		if (!this.toolExecutionEligibility.isToolExecutionRequired(options, response)) {
			return Flux.just(ChatResponseMapper.lastChunk(answer, used));
		}
		// tools are blocking code: never on the thread that delivers the stream
		return Mono.deferContextual((context) -> Mono.fromCallable(() -> executeTools(round, response, context)))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMapMany((results) -> results.returnDirect() ? Flux.just(directAnswer(response, results))
					: streamRound(new Prompt(results.conversationHistory(), options), options, tools, used));
	}

	// asynchronous tools (MCP's among them) find the caller's Reactor context here
	private ToolExecutionResult executeTools(Prompt round, ChatResponse response, ContextView context) {
		try {
			ToolCallReactiveContextHolder.setContext(context);
			return this.toolCallingManager.executeToolCalls(round, response);
		}
		finally {
			ToolCallReactiveContextHolder.clearContext();
		}
	}

	private static ChatResponse directAnswer(ChatResponse response, ToolExecutionResult tools) {
		return ChatResponse.builder()
			.from(response)
			.generations(ToolExecutionResult.buildGenerations(tools))
			.build();
	}

	/**
	 * Builds a {@link ClaudeResilienceChatModel}.
	 */
	public static final class Builder {

		private final ClaudeClient client;

		private ClaudeResilienceChatOptions defaultOptions = new ClaudeResilienceChatOptions();

		private ToolCallingManager toolCallingManager;

		private ToolExecutionEligibilityPredicate toolExecutionEligibility = new DefaultToolExecutionEligibilityPredicate();

		private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

		private ChatModelObservationConvention observationConvention;

		private Builder(ClaudeClient client) {
			this.client = Objects.requireNonNull(client, "client");
		}

		/**
		 * The options of every call, under what a prompt's options set.
		 * @param defaultOptions the options (copied)
		 * @return this builder
		 */
		public Builder defaultOptions(ClaudeResilienceChatOptions defaultOptions) {
			this.defaultOptions = Objects.requireNonNull(defaultOptions, "defaultOptions");
			return this;
		}

		/**
		 * What resolves tool definitions and runs tool calls; Spring AI's default manager when
		 * not set.
		 * @param toolCallingManager the manager
		 * @return this builder
		 */
		public Builder toolCallingManager(ToolCallingManager toolCallingManager) {
			this.toolCallingManager = Objects.requireNonNull(toolCallingManager, "toolCallingManager");
			return this;
		}

		/**
		 * Decides whether an answer's tool calls run here; by default when it has any and the
		 * options leave internal tool execution on.
		 * @param toolExecutionEligibility the predicate
		 * @return this builder
		 */
		public Builder toolExecutionEligibilityPredicate(ToolExecutionEligibilityPredicate toolExecutionEligibility) {
			this.toolExecutionEligibility = Objects.requireNonNull(toolExecutionEligibility,
					"toolExecutionEligibility");
			return this;
		}

		/**
		 * Where each round trip is recorded as Spring AI's chat model observation
		 * ({@code gen_ai.client.operation}), the parent of the client's own; none by default.
		 * @param observationRegistry the registry
		 * @return this builder
		 * @since 0.2.0
		 */
		public Builder observationRegistry(ObservationRegistry observationRegistry) {
			this.observationRegistry = Objects.requireNonNull(observationRegistry, "observationRegistry");
			return this;
		}

		/**
		 * The convention of those observations, instead of Spring AI's default.
		 * @param observationConvention the convention, or {@code null} for the default
		 * @return this builder
		 * @since 0.2.0
		 */
		public Builder observationConvention(ChatModelObservationConvention observationConvention) {
			this.observationConvention = observationConvention;
			return this;
		}

		public ClaudeResilienceChatModel build() {
			if (this.toolCallingManager == null) {
				this.toolCallingManager = ToolCallingManager.builder().build();
			}
			return new ClaudeResilienceChatModel(this);
		}

	}

}
