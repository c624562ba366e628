package dev.clauderesilience.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeResponse;
import dev.clauderesilience.client.ClaudeStreamEvent;
import dev.clauderesilience.client.ContentBlock;
import dev.clauderesilience.client.ModelAllowList;
import dev.clauderesilience.client.RateLimitSnapshot;
import dev.clauderesilience.client.TestFailures;
import dev.clauderesilience.client.Usage;
import dev.clauderesilience.observation.ClaudeObservationObserver;
import dev.clauderesilience.observation.ClaudeObserver;
import dev.clauderesilience.observation.DefaultClaudeObservationConvention;
import dev.clauderesilience.ratelimit.LimitSettings;
import dev.clauderesilience.ratelimit.VirtualTime;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each call through the pipeline is one span under the caller's, in a test tracer, on virtual
 * time: its limiter wait, retries and fallback are events on it; streams too, and a stream the
 * caller cancels still ends its span. With a no-op registry nothing is observed.
 */
class ResilientClaudeClientObservationTests {

	private static final String MODEL = "claude-sonnet-4-5";

	private static final String FALLBACK = "claude-haiku-4-5";

	private static final ClaudeRequest REQUEST = ClaudeRequest.builder().user("Hi").build();

	// 120 RPM with a 2 s allowance: 4 calls at once, then one every 0.5 s
	private static final LimitSettings RPM_120 = new LimitSettings(120L, null, null, null);

	@RegisterExtension
	final VirtualTime time = new VirtualTime();

	private final SimpleTracer tracer = new SimpleTracer();

	private final ObservationRegistry registry = ObservationRegistry.create();

	ResilientClaudeClientObservationTests() {
		this.registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(this.tracer));
	}

	private PipelineFixture fixture(ObservationRegistry registry) {
		ClaudeObserver observer = new ClaudeObservationObserver(registry, new DefaultClaudeObservationConvention());
		return new PipelineFixture(RPM_120, Duration.ofSeconds(30), Duration.ofHours(1), List.of(MODEL, FALLBACK),
				ModelAllowList.ANY, observer, "resilience4j.retry.instances.claude.max-attempts=2",
				"resilience4j.circuitbreaker.instances.claude.minimum-number-of-calls=100");
	}

	@Test
	void callShouldBeASpanUnderTheCallersWithItsWaitItsRetryAndItsFallbackAsEvents() {
		PipelineFixture fixture = fixture(this.registry);
		// other calls take the allowance, so that the traced one waits
		Flux.range(0, 4).flatMap((i) -> fixture.client.send(REQUEST)).subscribe();
		this.time.advance(Duration.ZERO);
		fixture.http.fail(2, overloaded());
		Observation caller = Observation.start("checkout", this.registry);
		AtomicReference<ClaudeResponse> answer = new AtomicReference<>();

		fixture.client.send(REQUEST)
			.contextWrite((context) -> context.put(ObservationThreadLocalAccessor.KEY, caller))
			.subscribe(answer::set);
		this.time.advance(Duration.ofSeconds(30));
		caller.stop();

		assertThat(answer.get().model()).isEqualTo(FALLBACK);
		SimpleSpan parent = span("checkout");
		SimpleSpan call = childOf(parent);
		assertThat(call.getName()).isEqualTo("claude chat " + MODEL);
		assertThat(call.getTraceId()).isEqualTo(parent.getTraceId());
		assertThat(call.getEndTimestamp()).isNotNull();
		assertThat(events(call)).containsExactly("waited 0.500 s for capacity (claude-sonnet-4-5, interactive lane)",
				"retry after overloaded_error: attempt 2 of claude-sonnet-4-5",
				"fallback from claude-sonnet-4-5 to claude-haiku-4-5");
		assertThat(call.getTags()).containsEntry("gen_ai.operation.name", "chat")
			.containsEntry("gen_ai.provider.name", "anthropic")
			.containsEntry("gen_ai.request.model", MODEL)
			.containsEntry("gen_ai.response.model", FALLBACK)
			.containsEntry("claude.fallback_from", MODEL)
			.containsEntry("claude.outcome", "fallback")
			.containsEntry("error.type", "none")
			.containsEntry("gen_ai.usage.input_tokens", "10")
			.containsEntry("gen_ai.usage.output_tokens", "5");
	}

	@Test
	void failedCallShouldBeASpanWithItsError() {
		PipelineFixture fixture = fixture(this.registry);
		fixture.http.fail(4, overloaded());

		fixture.client.send(REQUEST).onErrorResume((ex) -> Mono.empty()).subscribe();
		this.time.advance(Duration.ofSeconds(30));

		SimpleSpan call = this.tracer.onlySpan();
		assertThat(call.getError()).isNotNull();
		assertThat(call.getTags()).containsEntry("error.type", "overloaded")
			.containsEntry("gen_ai.response.model", "none");
		assertThat(events(call)).containsExactly("retry after overloaded_error: attempt 2 of claude-sonnet-4-5",
				"fallback from claude-sonnet-4-5 to claude-haiku-4-5",
				"retry after overloaded_error: attempt 2 of claude-haiku-4-5");
	}

	@Test
	void streamShouldBeASpanUnderTheCallersWithItsRetry() {
		PipelineFixture fixture = fixture(this.registry);
		fixture.http.stream((request) -> Flux.error(overloaded()));
		fixture.http.stream((request) -> answer(request.model()));
		Observation caller = Observation.start("checkout", this.registry);
		List<ClaudeStreamEvent> received = new java.util.concurrent.CopyOnWriteArrayList<>();

		fixture.client.stream(REQUEST)
			.contextWrite((context) -> context.put(ObservationThreadLocalAccessor.KEY, caller))
			.subscribe(received::add);
		this.time.advance(Duration.ofSeconds(30));
		caller.stop();

		assertThat(received).hasSize(6);
		SimpleSpan call = childOf(span("checkout"));
		assertThat(call.getEndTimestamp()).isNotNull();
		assertThat(events(call)).containsExactly("retry after overloaded_error: attempt 2 of claude-sonnet-4-5");
		assertThat(call.getTags()).containsEntry("gen_ai.response.model", MODEL)
			.containsEntry("gen_ai.response.id", "msg_1")
			.containsEntry("gen_ai.usage.output_tokens", "3")
			.containsEntry("claude.outcome", "success");
	}

	@Test
	void streamTheCallerCancelsShouldStillEndItsSpan() {
		PipelineFixture fixture = fixture(this.registry);
		fixture.http.stream((request) -> Flux.never());

		Disposable subscription = fixture.client.stream(REQUEST).subscribe();
		this.time.advance(Duration.ofSeconds(1));
		subscription.dispose();

		SimpleSpan call = this.tracer.onlySpan();
		assertThat(call.getEndTimestamp()).isNotNull();
		assertThat(events(call)).containsExactly("cancelled by the caller");
		assertThat(call.getTags()).containsEntry("claude.outcome", "cancelled");
	}

	@Test
	void noopRegistryShouldAnswerAsBeforeWithoutObservations() {
		PipelineFixture fixture = fixture(ObservationRegistry.NOOP);
		fixture.http.fail(1, overloaded());
		AtomicReference<ClaudeResponse> answer = new AtomicReference<>();

		fixture.client.send(REQUEST).subscribe(answer::set);
		this.time.advance(Duration.ofSeconds(30));

		assertThat(answer.get().model()).isEqualTo(MODEL);
		assertThat(this.tracer.getSpans()).isEmpty();
	}

	// a 529 as the API sends it
	private static RuntimeException overloaded() {
		return TestFailures.status(529,
				"{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}",
				java.util.Map.of());
	}

	private SimpleSpan span(String name) {
		return this.tracer.getSpans().stream().filter((span) -> name.equals(span.getName())).findFirst().orElseThrow();
	}

	private SimpleSpan childOf(SimpleSpan parent) {
		List<SimpleSpan> children = this.tracer.getSpans()
			.stream()
			.filter((span) -> parent.getSpanId().equals(span.getParentId()))
			.toList();
		assertThat(children).as("spans under %s", parent.getName()).hasSize(1);
		return children.get(0);
	}

	private static List<String> events(SimpleSpan span) {
		return span.getEvents().stream().map(java.util.Map.Entry::getValue).toList();
	}

	private static Flux<ClaudeStreamEvent> answer(String model) {
		ClaudeResponse shell = new ClaudeResponse("msg_1", model, "assistant", List.of(), null, null,
				new Usage(10, 1, 0, 0), null, RateLimitSnapshot.EMPTY);
		return Flux.just(new ClaudeStreamEvent.MessageStart(shell),
				new ClaudeStreamEvent.ContentBlockStart(0, ContentBlock.text("")),
				new ClaudeStreamEvent.ContentBlockDelta(0, new ClaudeStreamEvent.TextDelta("Hi!")),
				new ClaudeStreamEvent.ContentBlockStop(0),
				new ClaudeStreamEvent.MessageDelta("end_turn", null, new Usage(0, 3, 0, 0)),
				new ClaudeStreamEvent.MessageStop());
	}

}
