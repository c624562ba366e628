package dev.clauderesilience.ratelimit;

import reactor.core.publisher.Mono;

import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ContentBlock;
import dev.clauderesilience.client.Message;

/**
 * A quick local estimate, erring high: about one token per 3.5 characters of text (Claude's
 * tokenizer averages nearer 4 for English), a small overhead per message, a flat cost per
 * image or document. Errors are corrected when the answer's usage settles the reservation.
 *
 * @since 0.1.0
 */
public final class LocalTokenEstimator implements TokenEstimator {

	private static final double CHARS_PER_TOKEN = 3.5;

	private static final int PER_MESSAGE = 4;

	private static final int PER_IMAGE = 1600;

	private static final int PER_DOCUMENT = 3000;

	@Override
	public Mono<Long> estimate(ClaudeRequest request) {
		return Mono.fromSupplier(() -> estimateNow(request));
	}

	/**
	 * The estimate, computed synchronously.
	 * @param request the request
	 * @return the estimated input tokens, at least 1
	 */
	public long estimateNow(ClaudeRequest request) {
		long chars = request.systemText().length();
		long fixed = 0;
		for (Message message : request.messages()) {
			fixed += PER_MESSAGE;
			for (ContentBlock block : message.content()) {
				if (block instanceof ContentBlock.Text text) {
					chars += (text.text() != null) ? text.text().length() : 0;
				}
				else if (block instanceof ContentBlock.Image) {
					fixed += PER_IMAGE;
				}
				else if (block instanceof ContentBlock.Document) {
					fixed += PER_DOCUMENT;
				}
				else {
					chars += block.extra().toString().length() + 16;
				}
			}
		}
		for (ClaudeRequest.Tool tool : request.tools()) {
			chars += tool.name().length() + ((tool.description() != null) ? tool.description().length() : 0)
					+ ((tool.inputSchema() != null) ? tool.inputSchema().toString().length() : 0);
		}
		return Math.max(1, (long) Math.ceil(chars / CHARS_PER_TOKEN) + fixed);
	}

}
