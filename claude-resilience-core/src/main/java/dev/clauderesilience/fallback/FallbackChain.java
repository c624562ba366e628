package dev.clauderesilience.fallback;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeResponse;
import dev.clauderesilience.client.ClaudeStreamEvent;
import dev.clauderesilience.observation.ClaudeObserver;

/**
 * Tries the models of {@code claude.fallback-models} in order after the requested one fails,
 * as the {@link FallbackModelAdvisor} allows. A model whose breaker is open fails at once, so
 * during an outage calls go straight to the fallback. Answers from a fallback are marked.
 *
 * @since 0.1.0
 */
public final class FallbackChain {

	private final List<String> models;

	private final FallbackModelAdvisor advisor;

	private final ClaudeObserver observer;

	/**
	 * A chain.
	 * @param models the ordered fallback models
	 * @param advisor the policy
	 * @param observer told of each fallback when a caller names no observer of its own
	 */
	public FallbackChain(List<String> models, FallbackModelAdvisor advisor, ClaudeObserver observer) {
		this.models = List.copyOf(models);
		this.advisor = advisor;
		this.observer = observer;
	}

	/**
	 * The models tried after a model fails: those after it in the chain, or the whole chain
	 * when it is not part of it.
	 * @param model the requested model
	 * @return the fallbacks, in order
	 */
	public List<String> fallbacksFor(String model) {
		int index = this.models.indexOf(model);
		List<String> rest = (index >= 0) ? this.models.subList(index + 1, this.models.size()) : this.models;
		List<String> fallbacks = new ArrayList<>(rest);
		fallbacks.remove(model);
		return fallbacks;
	}

	/**
	 * Sends a request, falling back as allowed.
	 * @param request the request, defaults applied
	 * @param call one model's call (with its retries)
	 * @return the answer
	 */
	public Mono<ClaudeResponse> send(ClaudeRequest request, Function<ClaudeRequest, Mono<ClaudeResponse>> call) {
		return send(request, this.observer, call);
	}

	/**
	 * Sends a request, falling back as allowed, telling one call's observer of each fallback.
	 * @param request the request, defaults applied
	 * @param observer told of each fallback (the pipeline gives the call's own observer)
	 * @param call one model's call (with its retries)
	 * @return the answer
	 * @since 0.2.0
	 */
	public Mono<ClaudeResponse> send(ClaudeRequest request, ClaudeObserver observer,
			Function<ClaudeRequest, Mono<ClaudeResponse>> call) {
		return send(request, request, fallbacksFor(request.model()), 0, observer, call);
	}

	private Mono<ClaudeResponse> send(ClaudeRequest original, ClaudeRequest current, List<String> fallbacks, int next,
			ClaudeObserver observer, Function<ClaudeRequest, Mono<ClaudeResponse>> call) {
		Mono<ClaudeResponse> answer = call.apply(current);
		if (current != original) {
			answer = answer.map((response) -> response.asFallbackFor(original.model()));
		}
		if (next >= fallbacks.size()) {
			return answer;
		}
		String nextModel = fallbacks.get(next);
		return answer.onErrorResume((ex) -> this.advisor.shouldFallBack(original, current.model(), nextModel, ex),
				(ex) -> {
					observer.fallingBack(current.model(), nextModel);
					return send(original, original.withModel(nextModel), fallbacks, next + 1, observer, call)
						.onErrorMap((later) -> suppress(later, ex));
				});
	}

	/**
	 * Streams a request, falling back as allowed, and only before the first content event.
	 * @param request the request, defaults applied
	 * @param call one model's stream (with its retries)
	 * @return the events
	 */
	public Flux<ClaudeStreamEvent> stream(ClaudeRequest request,
			Function<ClaudeRequest, Flux<ClaudeStreamEvent>> call) {
		return stream(request, this.observer, call);
	}

	/**
	 * Streams a request, falling back as allowed and only before the first content event,
	 * telling one call's observer of each fallback.
	 * @param request the request, defaults applied
	 * @param observer told of each fallback (the pipeline gives the call's own observer)
	 * @param call one model's stream (with its retries)
	 * @return the events
	 * @since 0.2.0
	 */
	public Flux<ClaudeStreamEvent> stream(ClaudeRequest request, ClaudeObserver observer,
			Function<ClaudeRequest, Flux<ClaudeStreamEvent>> call) {
		return stream(request, request, fallbacksFor(request.model()), 0, observer, call);
	}

	private Flux<ClaudeStreamEvent> stream(ClaudeRequest original, ClaudeRequest current, List<String> fallbacks,
			int next, ClaudeObserver observer, Function<ClaudeRequest, Flux<ClaudeStreamEvent>> call) {
		Flux<ClaudeStreamEvent> events = call.apply(current);
		if (current != original) {
			events = events.map((event) -> (event instanceof ClaudeStreamEvent.MessageStart start)
					? new ClaudeStreamEvent.MessageStart(start.message().asFallbackFor(original.model())) : event);
		}
		if (next >= fallbacks.size()) {
			return events;
		}
		String nextModel = fallbacks.get(next);
		// the advisor refuses once content has arrived (ClaudeStreamException.contentReceived)
		return events.onErrorResume((ex) -> this.advisor.shouldFallBack(original, current.model(), nextModel, ex),
				(ex) -> {
					observer.fallingBack(current.model(), nextModel);
					return stream(original, original.withModel(nextModel), fallbacks, next + 1, observer, call)
						.onErrorMap((later) -> suppress(later, ex));
				});
	}

	private static Throwable suppress(Throwable later, Throwable earlier) {
		if (later != earlier) {
			later.addSuppressed(earlier);
		}
		return later;
	}

}
