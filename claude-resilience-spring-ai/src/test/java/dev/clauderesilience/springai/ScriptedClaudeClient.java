package dev.clauderesilience.springai;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.clauderesilience.client.ClaudeClient;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeResponse;
import dev.clauderesilience.client.ClaudeStreamEvent;
import dev.clauderesilience.client.ContentBlock;
import dev.clauderesilience.client.Usage;

/**
 * A {@link ClaudeClient} that answers from a script, as a whole or as the events the API would
 * stream, and keeps the requests it got.
 */
final class ScriptedClaudeClient implements ClaudeClient {

	/** Thinking that precedes a tool call, as the API requires it back before that call. */
	static final ContentBlock.Thinking THINKING = new ContentBlock.Thinking("Ask the tool.", "sig-1", Map.of());

	/** A call of the orderStatus tool for order A-42. */
	static final ContentBlock.ToolUse ORDER_STATUS = new ContentBlock.ToolUse("toolu_1", "orderStatus",
			JsonNodeFactory.instance.objectNode().put("orderId", "A-42"), Map.of());

	/** An answer that thinks, says it is checking, and calls orderStatus. */
	static final ClaudeResponse TOOL_CALL = response("tool_use", THINKING, ContentBlock.text("Checking."),
			ORDER_STATUS);

	/** The answer after the tool's result. */
	static final ClaudeResponse FINAL_ANSWER = response("end_turn", ContentBlock.text("It shipped on Monday."));

	final List<ClaudeRequest> requests = new CopyOnWriteArrayList<>();

	private final Queue<Object> script = new ConcurrentLinkedQueue<>();

	ScriptedClaudeClient answer(ClaudeResponse response) {
		this.script.add(response);
		return this;
	}

	ScriptedClaudeClient fail(RuntimeException failure) {
		this.script.add(failure);
		return this;
	}

	@Override
	public Mono<ClaudeResponse> send(ClaudeRequest request) {
		return Mono.defer(() -> {
			this.requests.add(request);
			Object next = this.script.remove();
			return (next instanceof RuntimeException failure) ? Mono.error(failure) : Mono.just((ClaudeResponse) next);
		});
	}

	@Override
	public Flux<ClaudeStreamEvent> stream(ClaudeRequest request) {
		return send(request).flatMapMany((response) -> Flux.fromIterable(events(response)));
	}

	@Override
	public Mono<Integer> countTokens(ClaudeRequest request) {
		return Mono.just(0);
	}

	static ClaudeResponse response(String stopReason, ContentBlock... content) {
		return new ClaudeResponse("msg_" + stopReason, "claude-sonnet-4-5", "assistant", List.of(content), stopReason,
				null, new Usage(10, 5, 0, 0), Map.of(), null);
	}

	// text in two pieces, tool input in two JSON fragments, thinking whole
	private static List<ClaudeStreamEvent> events(ClaudeResponse response) {
		List<ClaudeStreamEvent> events = new ArrayList<>();
		events.add(new ClaudeStreamEvent.MessageStart(new ClaudeResponse(response.id(), response.model(), "assistant",
				List.of(), null, null, new Usage(10, 1, 0, 0), Map.of(),
				response.rateLimits(), response.source(), response.fallbackFrom())));
		for (int i = 0; i < response.content().size(); i++) {
			ContentBlock block = response.content().get(i);
			if (block instanceof ContentBlock.Text text) {
				int half = text.text().length() / 2;
				events.add(new ClaudeStreamEvent.ContentBlockStart(i, ContentBlock.text("")));
				events.add(new ClaudeStreamEvent.ContentBlockDelta(i,
						new ClaudeStreamEvent.TextDelta(text.text().substring(0, half))));
				events.add(new ClaudeStreamEvent.ContentBlockDelta(i,
						new ClaudeStreamEvent.TextDelta(text.text().substring(half))));
			}
			else if (block instanceof ContentBlock.ToolUse toolUse) {
				String json = toolUse.input().toString();
				int half = json.length() / 2;
				events.add(new ClaudeStreamEvent.ContentBlockStart(i,
						new ContentBlock.ToolUse(toolUse.id(), toolUse.name(),
								JsonNodeFactory.instance.objectNode(), Map.of())));
				events.add(new ClaudeStreamEvent.ContentBlockDelta(i,
						new ClaudeStreamEvent.InputJsonDelta(json.substring(0, half))));
				events.add(new ClaudeStreamEvent.ContentBlockDelta(i,
						new ClaudeStreamEvent.InputJsonDelta(json.substring(half))));
			}
			else {
				events.add(new ClaudeStreamEvent.ContentBlockStart(i, block));
			}
			events.add(new ClaudeStreamEvent.ContentBlockStop(i));
		}
		events.add(new ClaudeStreamEvent.MessageDelta(response.stopReason(), response.stopSequence(), response.usage()));
		events.add(new ClaudeStreamEvent.MessageStop());
		return events;
	}

}
