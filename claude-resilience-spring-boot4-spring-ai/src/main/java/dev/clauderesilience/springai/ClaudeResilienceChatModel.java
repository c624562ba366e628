package dev.clauderesilience.springai;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.observation.ChatModelObservationConvention;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.observation.conventions.AiProvider;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;

import dev.clauderesilience.client.ClaudeClient;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeResponse;
import dev.clauderesilience.client.ClaudeStreamAccumulator;
import dev.clauderesilience.client.ClaudeStreamEvent;

/**
 * A Spring AI {@link ChatModel} backed by a {@link ClaudeClient}, so that {@code ChatClient}
 * calls, streams and every round trip of a tool call go through the client's pipeline (pacing,
 * retries, breakers, fallback models, the response cache) and fail with its typed exceptions,
 * such as {@code ClaudeUnavailableException}. It has no retry of its own: Spring AI's retry
 * settings do not apply to it.
 * <p>
 * One call is one round trip: an answer that calls tools comes back with its tool calls, and
 * {@code ChatClient}'s {@code ToolCallingAdvisor} runs them and calls again, as with every Spring
 * AI 2 model. {@link #call(Prompt)} blocks (never call it on a reactive thread);
 * {@link #stream(Prompt)} does not.
 * <p>
 * With an {@link ObservationRegistry} (the auto-configured model has the application's), each
 * call is Spring AI's chat model observation, as Spring AI's own models record it (its meters
 * {@code gen_ai.client.operation} and {@code gen_ai.client.token.usage} included), with the
 * client's {@code claude.client.operation} under it.
 *
 * @since 0.2.0
 */
// Why the tool loop is ChatClient's and not this model's: Spring AI 2 moved it out of the models
// into ChatClient's ToolCallingAdvisor. A model that looped itself would hand ChatClient answers
// with no tool calls, so the advisor, its tool-call limits, its eligibility checker, the advisors
// inside it (memory, logging) and its observations would silently never see a tool call. Leaving
// the loop to ChatClient costs nothing in resilience: each round trip is a call of this model and
// goes through the whole pipeline on its own, and there is still exactly one loop, as there is
// exactly one retry loop.
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
	 * is part of a later prompt, so that thinking blocks precede their tool calls.
	 */
	public static final String CONTENT_BLOCKS = "claude.content-blocks";

	private final ClaudeClient client;

	private final ClaudeResilienceChatOptions options;

	private final ToolCallingManager toolCallingManager;

	private final ChatModelObservations observations;

	private ClaudeResilienceChatModel(Builder builder) {
		this.client = builder.client;
		this.options = builder.options;
		this.toolCallingManager = builder.toolCallingManager;
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

	/**
	 * The options of every call: {@code ChatClient} starts each request from them and lays its
	 * own over them.
	 */
	@Override
	public ClaudeResilienceChatOptions getOptions() {
		return this.options;
	}

	@Override
	public ChatResponse call(Prompt prompt) {
		ClaudeResilienceChatOptions options = optionsOf(prompt);
		ClaudeRequest request = request(prompt, options);
		if (this.observations.isNoop()) {
			ClaudeResponse answer = answer(request);
			return ChatResponseMapper.toChatResponse(answer, answer.usage());
		}
		// the current observation while the pipeline subscribes on this thread, so that the
		// client's own observation is its child
		ChatModelObservationContext context = observationContext(prompt, options, false);
		return this.observations.observation(context).observe(() -> answered(context, answer(request)));
	}

	private ClaudeResponse answer(ClaudeRequest request) {
		return Objects.requireNonNull(this.client.send(request).block(),
				"The Claude client completed without an answer");
	}

	/**
	 * Streams the answer's text as it comes, then one last chunk with no text: the finish reason,
	 * the usage, the metadata and any tool calls.
	 */
	@Override
	public Flux<ChatResponse> stream(Prompt prompt) {
		return Flux.defer(() -> {
			ClaudeResilienceChatOptions options = optionsOf(prompt);
			ClaudeStreamAccumulator answer = new ClaudeStreamAccumulator();
			AtomicReference<ClaudeResponse> start = new AtomicReference<>();
			Flux<ChatResponse> text = observed(prompt, options,
					this.client.stream(request(prompt, options)).doOnNext(answer::add), answer)
				.<ChatResponse>handle((event, sink) -> {
					if (event instanceof ClaudeStreamEvent.MessageStart messageStart) {
						start.set(messageStart.message());
					}
					else if (event instanceof ClaudeStreamEvent.ContentBlockDelta delta
							&& delta.delta() instanceof ClaudeStreamEvent.TextDelta piece && !piece.text().isEmpty()) {
						sink.next(ChatResponseMapper.textChunk(start.get(), piece.text()));
					}
				});
			return text.concatWith(Flux.defer(() -> {
				ClaudeResponse whole = answer.toResponse();
				return Flux.just(ChatResponseMapper.lastChunk(whole, whole.usage()));
			}));
		});
	}

	// one streamed call, observed
	private Flux<ClaudeStreamEvent> observed(Prompt prompt, ClaudeResilienceChatOptions options,
			Flux<ClaudeStreamEvent> events, ClaudeStreamAccumulator answer) {
		return this.observations.stream(events, () -> observationContext(prompt, options, true),
				(context) -> answered(context, answer.toResponse()));
	}

	// the call's options, or a view of them whose model is filled in from the answer when they name
	// none (the client's default answers)
	private static ChatModelObservationContext observationContext(Prompt prompt, ClaudeResilienceChatOptions options,
			boolean streaming) {
		ChatOptions observed = (options.getModel() != null) ? options : new ObservedOptions(options);
		return ChatModelObservationContext.builder()
			.prompt(new Prompt(prompt.getInstructions(), observed))
			.provider(AiProvider.ANTHROPIC.value())
			.streaming(streaming)
			.build();
	}

	// the call's answer, which also tells the observation the model asked for
	private static ChatResponse answered(ChatModelObservationContext context, ClaudeResponse answer) {
		if (context.getRequest().getOptions() instanceof ObservedOptions options) {
			options.answeredBy(answer);
		}
		ChatResponse response = ChatResponseMapper.toChatResponse(answer, answer.usage());
		context.setResponse(response);
		return response;
	}

	/**
	 * The prompt's options when they are this model's (as {@code ChatClient} sends them, built on
	 * {@link #getOptions()}); other options laid over this model's; this model's when none.
	 */
	private ClaudeResilienceChatOptions optionsOf(Prompt prompt) {
		ChatOptions runtime = prompt.getOptions();
		if (runtime instanceof ClaudeResilienceChatOptions claude) {
			return claude;
		}
		if (runtime == null) {
			return this.options;
		}
		return this.options.mutate().combineWith(runtime.mutate()).build();
	}

	private ClaudeRequest request(Prompt prompt, ClaudeResilienceChatOptions options) {
		List<ToolDefinition> tools = this.toolCallingManager.resolveToolDefinitions(options);
		return ClaudeRequestMapper.toRequest(prompt, options, tools);
	}

	/**
	 * The options of a call that names no model as its observation sees them: the options are
	 * immutable, and the model asked for (the client's default) is known only from the answer.
	 */
	private static final class ObservedOptions implements ToolCallingChatOptions {

		private final ClaudeResilienceChatOptions options;

		private volatile @Nullable String model;

		ObservedOptions(ClaudeResilienceChatOptions options) {
			this.options = options;
		}

		void answeredBy(ClaudeResponse answer) {
			if (this.model == null) {
				this.model = (answer.fallbackFrom() != null) ? answer.fallbackFrom() : answer.model();
			}
		}

		@Override
		public @Nullable String getModel() {
			return this.model;
		}

		@Override
		public @Nullable Double getFrequencyPenalty() {
			return this.options.getFrequencyPenalty();
		}

		@Override
		public @Nullable Integer getMaxTokens() {
			return this.options.getMaxTokens();
		}

		@Override
		public @Nullable Double getPresencePenalty() {
			return this.options.getPresencePenalty();
		}

		@Override
		public @Nullable List<String> getStopSequences() {
			return this.options.getStopSequences();
		}

		@Override
		public @Nullable Double getTemperature() {
			return this.options.getTemperature();
		}

		@Override
		public @Nullable Integer getTopK() {
			return this.options.getTopK();
		}

		@Override
		public @Nullable Double getTopP() {
			return this.options.getTopP();
		}

		@Override
		public List<ToolCallback> getToolCallbacks() {
			return this.options.getToolCallbacks();
		}

		@Override
		public Map<String, Object> getToolContext() {
			return this.options.getToolContext();
		}

		@Override
		public ClaudeResilienceChatOptions.Builder mutate() {
			return this.options.mutate().model(this.model);
		}

		@Override
		public String toString() {
			return this.options.toString();
		}

	}

	/**
	 * Builds a {@link ClaudeResilienceChatModel}.
	 */
	public static final class Builder {

		private final ClaudeClient client;

		private ClaudeResilienceChatOptions options = ClaudeResilienceChatOptions.builder().build();

		private ToolCallingManager toolCallingManager;

		private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

		private @Nullable ChatModelObservationConvention observationConvention;

		private Builder(ClaudeClient client) {
			this.client = Objects.requireNonNull(client, "client");
		}

		/**
		 * The options of every call, under what a prompt's options set.
		 * @param options the options
		 * @return this builder
		 */
		public Builder options(ClaudeResilienceChatOptions options) {
			this.options = Objects.requireNonNull(options, "options");
			return this;
		}

		/**
		 * What turns the tools of a call's options into the tool definitions sent to Claude;
		 * Spring AI's default manager when not set. The tools run in {@code ChatClient}.
		 * @param toolCallingManager the manager
		 * @return this builder
		 */
		public Builder toolCallingManager(ToolCallingManager toolCallingManager) {
			this.toolCallingManager = Objects.requireNonNull(toolCallingManager, "toolCallingManager");
			return this;
		}

		/**
		 * Where each call is recorded as Spring AI's chat model observation
		 * ({@code gen_ai.client.operation}), the parent of the client's own; none by default.
		 * @param observationRegistry the registry
		 * @return this builder
		 */
		public Builder observationRegistry(ObservationRegistry observationRegistry) {
			this.observationRegistry = Objects.requireNonNull(observationRegistry, "observationRegistry");
			return this;
		}

		/**
		 * The convention of those observations, instead of Spring AI's default.
		 * @param observationConvention the convention, or {@code null} for the default
		 * @return this builder
		 */
		public Builder observationConvention(@Nullable ChatModelObservationConvention observationConvention) {
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
