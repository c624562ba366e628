package dev.clauderesilience.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.clauderesilience.client.ClaudeStreamEvent.ContentBlockDelta;
import dev.clauderesilience.client.ClaudeStreamEvent.ContentBlockStart;
import dev.clauderesilience.client.ClaudeStreamEvent.MessageDelta;
import dev.clauderesilience.client.ClaudeStreamEvent.MessageStart;
import dev.clauderesilience.client.ClaudeStreamEvent.MessageStop;

/**
 * Folds the events of a stream into the {@link ClaudeResponse} a non-streamed call would have
 * returned. Not thread-safe: feed it from one subscriber.
 *
 * @since 0.1.0
 */
public final class ClaudeStreamAccumulator {

	private static final ObjectMapper json = new ObjectMapper();

	private ClaudeResponse start;

	private final Map<Integer, BlockBuilder> blocks = new TreeMap<>();

	private String stopReason;

	private String stopSequence;

	private Usage finalUsage;

	private boolean complete;

	/**
	 * Folds a whole stream.
	 * @param events the stream
	 * @return the response, emitted when the stream completes
	 */
	public static Mono<ClaudeResponse> collect(Flux<ClaudeStreamEvent> events) {
		return events.collect(ClaudeStreamAccumulator::new, ClaudeStreamAccumulator::add)
			.map(ClaudeStreamAccumulator::toResponse);
	}

	/**
	 * Adds the next event.
	 * @param event the event
	 */
	public void add(ClaudeStreamEvent event) {
		if (event instanceof MessageStart messageStart) {
			this.start = messageStart.message();
		}
		else if (event instanceof ContentBlockStart blockStart) {
			this.blocks.put(blockStart.index(), new BlockBuilder(blockStart.block()));
		}
		else if (event instanceof ContentBlockDelta blockDelta) {
			this.blocks.computeIfAbsent(blockDelta.index(), (index) -> new BlockBuilder(ContentBlock.text("")))
				.append(blockDelta.delta());
		}
		else if (event instanceof MessageDelta messageDelta) {
			this.stopReason = messageDelta.stopReason();
			this.stopSequence = messageDelta.stopSequence();
			this.finalUsage = messageDelta.usage();
		}
		else if (event instanceof MessageStop) {
			this.complete = true;
		}
	}

	/**
	 * Whether any content has arrived (a block started), after which a retry would repeat what
	 * the caller already saw.
	 * @return {@code true} once a content block has started
	 */
	public boolean hasContent() {
		return !this.blocks.isEmpty();
	}

	/**
	 * Whether {@code message_stop} has arrived.
	 * @return {@code true} when the stream completed normally
	 */
	public boolean isComplete() {
		return this.complete;
	}

	/**
	 * The text received so far.
	 * @return the text of the text blocks, concatenated
	 */
	public String text() {
		StringBuilder text = new StringBuilder();
		for (BlockBuilder block : this.blocks.values()) {
			if (block.start instanceof ContentBlock.Text) {
				text.append(block.text);
			}
		}
		return text.toString();
	}

	/**
	 * The response as received so far.
	 * @return the response
	 */
	public ClaudeResponse toResponse() {
		List<ContentBlock> content = new ArrayList<>();
		this.blocks.values().forEach((block) -> content.add(block.build()));
		ClaudeResponse shell = (this.start != null) ? this.start
				: new ClaudeResponse(null, null, "assistant", List.of(), null, null, null, null, null);
		Usage usage = mergeUsage(shell.usage(), this.finalUsage);
		String stopReason = (this.stopReason != null) ? this.stopReason : shell.stopReason();
		String stopSequence = (this.stopSequence != null) ? this.stopSequence : shell.stopSequence();
		return new ClaudeResponse(shell.id(), shell.model(), shell.role(), content, stopReason, stopSequence, usage,
				shell.extra(), shell.rateLimits(), shell.source(), shell.fallbackFrom());
	}

	// message_delta usage is cumulative but may omit the input side, which message_start gave
	private static Usage mergeUsage(Usage start, Usage delta) {
		if (delta == null) {
			return start;
		}
		return new Usage(pick(delta.inputTokens(), start.inputTokens()), pick(delta.outputTokens(), start.outputTokens()),
				pick(delta.cacheCreationInputTokens(), start.cacheCreationInputTokens()),
				pick(delta.cacheReadInputTokens(), start.cacheReadInputTokens()));
	}

	private static int pick(int later, int earlier) {
		return (later != 0) ? later : earlier;
	}

	private static final class BlockBuilder {

		private final ContentBlock start;

		private final StringBuilder text = new StringBuilder();

		private final StringBuilder partialJson = new StringBuilder();

		private final StringBuilder signature = new StringBuilder();

		BlockBuilder(ContentBlock start) {
			this.start = start;
			if (start instanceof ContentBlock.Text t && t.text() != null) {
				this.text.append(t.text());
			}
			else if (start instanceof ContentBlock.Thinking t) {
				if (t.thinking() != null) {
					this.text.append(t.thinking());
				}
				if (t.signature() != null) {
					this.signature.append(t.signature());
				}
			}
		}

		void append(ClaudeStreamEvent.Delta delta) {
			if (delta instanceof ClaudeStreamEvent.TextDelta d) {
				this.text.append(d.text());
			}
			else if (delta instanceof ClaudeStreamEvent.ThinkingDelta d) {
				this.text.append(d.thinking());
			}
			else if (delta instanceof ClaudeStreamEvent.SignatureDelta d) {
				this.signature.append(d.signature());
			}
			else if (delta instanceof ClaudeStreamEvent.InputJsonDelta d) {
				this.partialJson.append(d.partialJson());
			}
		}

		ContentBlock build() {
			if (this.start instanceof ContentBlock.Text t) {
				return new ContentBlock.Text(this.text.toString(), t.citations(), t.extra());
			}
			if (this.start instanceof ContentBlock.Thinking t) {
				return new ContentBlock.Thinking(this.text.toString(), this.signature.toString(), t.extra());
			}
			if (this.start instanceof ContentBlock.ToolUse t && this.partialJson.length() > 0) {
				return new ContentBlock.ToolUse(t.id(), t.name(), parse(this.partialJson.toString()), t.extra());
			}
			return this.start;
		}

		private static JsonNode parse(String partialJson) {
			try {
				return json.readTree(partialJson);
			}
			catch (JsonProcessingException ex) {
				// an interrupted stream leaves incomplete JSON: keep it as text rather than lose it
				return JsonNodeFactory.instance.textNode(partialJson);
			}
		}

	}

}
