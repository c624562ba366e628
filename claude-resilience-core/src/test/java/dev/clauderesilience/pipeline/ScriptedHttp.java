package dev.clauderesilience.pipeline;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.clauderesilience.client.ClaudeClient;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeResponse;
import dev.clauderesilience.client.ClaudeStreamEvent;
import dev.clauderesilience.client.ContentBlock;
import dev.clauderesilience.client.Usage;
import dev.clauderesilience.client.RateLimitSnapshot;
import dev.clauderesilience.ratelimit.VirtualClock;

/**
 * A stand-in for the HTTP client that answers from a script and records when each request
 * "reached the API" (in the pipeline clock's time).
 */
final class ScriptedHttp implements ClaudeClient {

	private final Clock clock;

	private final Deque<Function<ClaudeRequest, Mono<ClaudeResponse>>> answers = new ArrayDeque<>();

	private final Deque<Function<ClaudeRequest, Flux<ClaudeStreamEvent>>> streams = new ArrayDeque<>();

	private final List<Call> calls = new ArrayList<>();

	private Usage usage = new Usage(10, 5, 0, 0);

	private double origin;

	ScriptedHttp(Clock clock) {
		this.clock = clock;
	}

	synchronized ScriptedHttp fail(int times, RuntimeException failure) {
		for (int i = 0; i < times; i++) {
			this.answers.add((request) -> Mono.error(failure));
		}
		return this;
	}

	synchronized ScriptedHttp answer(Function<ClaudeRequest, Mono<ClaudeResponse>> answer) {
		this.answers.add(answer);
		return this;
	}

	synchronized ScriptedHttp stream(Function<ClaudeRequest, Flux<ClaudeStreamEvent>> stream) {
		this.streams.add(stream);
		return this;
	}

	synchronized ScriptedHttp usage(Usage usage) {
		this.usage = usage;
		return this;
	}

	/**
	 * Makes call times count from now.
	 */
	synchronized void startClock() {
		this.origin = VirtualClock.seconds(this.clock.instant());
	}

	synchronized List<Call> calls() {
		return List.copyOf(this.calls);
	}

	ClaudeResponse ok(ClaudeRequest request) {
		return new ClaudeResponse("msg_1", request.model(), "assistant", List.of(ContentBlock.text("Hello")), "end_turn",
				null, this.usage, null, RateLimitSnapshot.EMPTY);
	}

	@Override
	public Mono<ClaudeResponse> send(ClaudeRequest request) {
		return Mono.defer(() -> {
			Function<ClaudeRequest, Mono<ClaudeResponse>> answer;
			synchronized (this) {
				this.calls.add(new Call(VirtualClock.seconds(this.clock.instant()) - this.origin, request.model(), "send"));
				answer = this.answers.poll();
			}
			return (answer != null) ? answer.apply(request) : Mono.just(ok(request));
		});
	}

	@Override
	public Flux<ClaudeStreamEvent> stream(ClaudeRequest request) {
		return Flux.defer(() -> {
			Function<ClaudeRequest, Flux<ClaudeStreamEvent>> stream;
			synchronized (this) {
				this.calls.add(new Call(VirtualClock.seconds(this.clock.instant()) - this.origin, request.model(), "stream"));
				stream = this.streams.poll();
			}
			return (stream != null) ? stream.apply(request) : Flux.error(new IllegalStateException("no stream scripted"));
		});
	}

	@Override
	public Mono<Integer> countTokens(ClaudeRequest request) {
		return Mono.just(42);
	}

	record Call(double at, String model, String kind) {
	}

}
