package dev.clauderesilience.observation;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.observation.GlobalObservationConvention;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.util.context.Context;

import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeResponse;
import dev.clauderesilience.client.ContentBlock;
import dev.clauderesilience.client.FailureClass;
import dev.clauderesilience.client.RateLimitSnapshot;
import dev.clauderesilience.client.TestFailures;
import dev.clauderesilience.client.Usage;
import dev.clauderesilience.client.ClaudeFailureClassifier;
import dev.clauderesilience.observation.ClaudeObserver.Outcome;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

class ClaudeObservationObserverTests {

	private static final String MODEL = "claude-sonnet-4-5";

	private static final String FALLBACK = "claude-haiku-4-5";

	private static final ClaudeRequest REQUEST = ClaudeRequest.builder().model(MODEL).maxTokens(100).user("Hi")
		.tenant("acme").build();

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	private final List<String> events = new CopyOnWriteArrayList<>();

	private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

	private final ClaudeObservationObserver observer = new ClaudeObservationObserver(this.registry,
			new DefaultClaudeObservationConvention());

	ClaudeObservationObserverTests() {
		this.registry.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onEvent(Observation.Event event, Observation.Context context) {
				ClaudeObservationObserverTests.this.events.add(event.getName() + ": " + event.getContextualName());
			}

			@Override
			public void onStop(Observation.Context context) {
				ClaudeObservationObserverTests.this.stopped.add(context);
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		});
	}

	@Test
	void answeredCallShouldBeOneObservationWithTheGenAiKeysAndItsEvents() {
		ClaudeObserver call = this.observer.callStarted(REQUEST, Context.empty());
		call.waitedForCapacity(MODEL, ClaudeRequest.Priority.INTERACTIVE, Duration.ofMillis(1500));
		call.retrying(MODEL, "overloaded_error");
		call.fallingBack(MODEL, FALLBACK);
		ClaudeResponse answer = answer(FALLBACK).asFallbackFor(MODEL);
		call.callAnswered(answer);
		call.callEnded(MODEL, FALLBACK, Outcome.FALLBACK, Duration.ofSeconds(3), new Usage(100, 40, 10, 50));

		assertThat(this.registry).hasSingleObservationThat()
			.hasNameEqualTo("claude.client.operation")
			.hasContextualNameEqualTo("claude chat " + MODEL)
			.hasBeenStopped()
			.hasLowCardinalityKeyValue("gen_ai.operation.name", "chat")
			.hasLowCardinalityKeyValue("gen_ai.provider.name", "anthropic")
			.hasLowCardinalityKeyValue("gen_ai.request.model", MODEL)
			.hasLowCardinalityKeyValue("gen_ai.response.model", FALLBACK)
			.hasLowCardinalityKeyValue("error.type", "none")
			.hasLowCardinalityKeyValue("claude.outcome", "fallback")
			.hasHighCardinalityKeyValue("gen_ai.usage.input_tokens", "160")
			.hasHighCardinalityKeyValue("gen_ai.usage.output_tokens", "40")
			.hasHighCardinalityKeyValue("gen_ai.response.id", "msg_1")
			.hasHighCardinalityKeyValue("claude.tenant", "acme")
			.hasHighCardinalityKeyValue("claude.fallback_from", MODEL);
		assertThat(this.events).containsExactly(
				"limiter.wait: waited 1.500 s for capacity (claude-sonnet-4-5, interactive lane)",
				"retry: retry after overloaded_error: attempt 2 of claude-sonnet-4-5",
				"fallback: fallback from claude-sonnet-4-5 to claude-haiku-4-5");
		ClaudeObservationContext context = (ClaudeObservationContext) this.stopped.get(0);
		assertThat(context.getRetries()).isEqualTo(1);
		assertThat(context.getWaited()).isEqualTo(Duration.ofMillis(1500));
	}

	@Test
	void failedCallShouldCarryItsErrorAndItsKind() {
		RuntimeException overloaded = TestFailures.status(529);
		FailureClass failureClass = ClaudeFailureClassifier.DEFAULT.classify(overloaded);

		ClaudeObserver call = this.observer.callStarted(REQUEST, Context.empty());
		call.callFailed(overloaded, failureClass);
		call.callEnded(MODEL, null, Outcome.of(failureClass), Duration.ofSeconds(1), Usage.NONE);

		assertThat(this.registry).hasSingleObservationThat()
			.hasBeenStopped()
			.hasError(overloaded)
			.hasLowCardinalityKeyValue("error.type", "overloaded")
			.hasLowCardinalityKeyValue("gen_ai.response.model", "none")
			.hasLowCardinalityKeyValue("claude.outcome", "overloaded")
			.doesNotHaveHighCardinalityKeyValueWithKey("gen_ai.usage.input_tokens");
	}

	@Test
	void answersFromTheCacheShouldBeEvents() {
		ClaudeObserver hit = this.observer.callStarted(REQUEST, Context.empty());
		hit.callAnswered(answer(MODEL).withSource(ClaudeResponse.Source.CACHE));
		hit.callEnded(MODEL, MODEL, Outcome.CACHE_HIT, Duration.ZERO, Usage.NONE);
		ClaudeObserver stale = this.observer.callStarted(REQUEST, Context.empty());
		stale.callAnswered(answer(MODEL).withSource(ClaudeResponse.Source.STALE_CACHE));
		stale.callEnded(MODEL, MODEL, Outcome.STALE, Duration.ZERO, Usage.NONE);

		assertThat(this.events).containsExactly("cache.hit: answered from the cache",
				"cache.stale: stale answer from the cache: the API could not answer");
	}

	@Test
	void callTheCallerCancelsShouldBeStoppedOnce() {
		ClaudeObserver call = this.observer.callStarted(REQUEST, Context.empty());
		call.callPublisher(Flux.never()).subscribe().dispose();

		assertThat(this.registry).hasSingleObservationThat()
			.hasBeenStopped()
			.hasLowCardinalityKeyValue("claude.outcome", "cancelled")
			.hasLowCardinalityKeyValue("error.type", "none");
		assertThat(this.events).containsExactly("cancelled: cancelled by the caller");
	}

	@Test
	void parentShouldComeFromTheCallersReactorContextAndTheCallShouldBeTheParentBelow() {
		Observation parent = Observation.start("caller", this.registry);
		ClaudeObserver call = this.observer.callStarted(REQUEST,
				Context.of(ObservationThreadLocalAccessor.KEY, parent));
		List<String> seenBelow = new CopyOnWriteArrayList<>();
		Flux<String> below = Flux.deferContextual((context) -> {
			Observation inReactorContext = context.get(ObservationThreadLocalAccessor.KEY);
			seenBelow.add(inReactorContext.getContextView().getName());
			seenBelow.add(this.registry.getCurrentObservation().getContextView().getName());
			return Flux.just("answer");
		});
		call.callPublisher(below).blockLast();
		call.callEnded(MODEL, MODEL, Outcome.SUCCESS, Duration.ZERO, Usage.NONE);
		parent.stop();

		assertThat(this.registry).hasObservationWithNameEqualTo("claude.client.operation")
			.that()
			.hasParentObservationEqualTo(parent);
		assertThat(seenBelow).as("in the Reactor context, and current while subscribing")
			.containsExactly("claude.client.operation", "claude.client.operation");
		assertThat(this.registry.getCurrentObservation()).isNull();
	}

	@Test
	void parentShouldOtherwiseBeTheCurrentObservationOfTheCallingThread() {
		Observation parent = Observation.start("caller", this.registry);
		try (Observation.Scope scope = parent.openScope()) {
			this.observer.callStarted(REQUEST, Context.empty())
				.callEnded(MODEL, MODEL, Outcome.SUCCESS, Duration.ZERO, Usage.NONE);
		}
		parent.stop();

		assertThat(this.registry).hasObservationWithNameEqualTo("claude.client.operation")
			.that()
			.hasParentObservationEqualTo(parent);
	}

	@Test
	void noopRegistryShouldCostNoObserverOfItsOwn() {
		ClaudeObservationObserver noop = new ClaudeObservationObserver(ObservationRegistry.NOOP,
				new DefaultClaudeObservationConvention());
		ClaudeObservationObserver withoutHandlers = new ClaudeObservationObserver(ObservationRegistry.create(),
				new DefaultClaudeObservationConvention());

		assertThat(noop.callStarted(REQUEST, Context.empty())).isSameAs(noop);
		assertThat(withoutHandlers.callStarted(REQUEST, Context.empty())).isSameAs(withoutHandlers);
	}

	@Test
	void compositeShouldStayItselfUnlessAnObserverFollowsTheCall() {
		ClaudeObserver counting = new ClaudeObserver() {
		};
		ClaudeObserver quiet = CompositeObserver.of(List.of(counting, ClaudeObserver.NONE));
		ClaudeObserver observed = CompositeObserver.of(List.of(counting, this.observer));

		assertThat(quiet.callStarted(REQUEST, Context.empty())).isSameAs(quiet);
		ClaudeObserver call = observed.callStarted(REQUEST, Context.empty());
		assertThat(call).isNotSameAs(observed);
		assertThat(call.callPublisher(Flux.deferContextual((context) -> Flux.just(context.hasKey(
				ObservationThreadLocalAccessor.KEY)))).blockLast()).isTrue();
		call.callEnded(MODEL, MODEL, Outcome.SUCCESS, Duration.ZERO, Usage.NONE);
		assertThat(this.registry).hasSingleObservationThat().hasBeenStopped();
	}

	@Test
	void conventionOfTheRegistryShouldTakePrecedence() {
		this.registry.observationConfig().observationConvention(new Renamed());

		this.observer.callStarted(REQUEST, Context.empty()).callPublisher(Flux.empty()).blockLast();

		assertThat(this.registry).hasSingleObservationThat().hasNameEqualTo("llm.call");
	}

	static final class Renamed extends DefaultClaudeObservationConvention
			implements GlobalObservationConvention<ClaudeObservationContext> {

		@Override
		public String getName() {
			return "llm.call";
		}

	}

	private static ClaudeResponse answer(String model) {
		return new ClaudeResponse("msg_1", model, "assistant", List.of(ContentBlock.text("Hello")), "end_turn", null,
				new Usage(100, 40, 10, 50), null, RateLimitSnapshot.EMPTY);
	}

}
