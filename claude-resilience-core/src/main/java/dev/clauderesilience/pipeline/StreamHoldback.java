package dev.clauderesilience.pipeline;

import java.util.ArrayList;
import java.util.List;

import reactor.core.publisher.Flux;

import dev.clauderesilience.client.ClaudeStreamEvent;
import dev.clauderesilience.client.Usage;

/**
 * Holds back a stream's leading events until its first content event, so that an attempt that
 * fails before any content emitted nothing and can be retried cleanly.
 */
final class StreamHoldback {

	private StreamHoldback() {
	}

	static Flux<ClaudeStreamEvent> untilContent(Flux<ClaudeStreamEvent> events) {
		return Flux.defer(() -> {
			List<ClaudeStreamEvent> held = new ArrayList<>();
			boolean[] open = { false };
			return events.concatMapIterable((event) -> {
				if (open[0]) {
					return List.of(event);
				}
				held.add(event);
				if (event instanceof ClaudeStreamEvent.MessageStart) {
					return List.of();
				}
				open[0] = true;
				List<ClaudeStreamEvent> release = List.copyOf(held);
				held.clear();
				return release;
			}).concatWith(Flux.defer(() -> Flux.fromIterable(List.copyOf(held))));
		});
	}

	// message_delta usage is cumulative but may leave out the input side message_start gave
	static Usage merge(Usage start, Usage delta) {
		if (start == null) {
			return delta;
		}
		return new Usage(Math.max(start.inputTokens(), delta.inputTokens()), delta.outputTokens(),
				Math.max(start.cacheCreationInputTokens(), delta.cacheCreationInputTokens()),
				Math.max(start.cacheReadInputTokens(), delta.cacheReadInputTokens()));
	}

}
