package dev.clauderesilience.test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.LongFunction;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A JSON message of a chosen size, for {@link SimulatedFault#oversizedBody(long)}: the JSON
 * around one huge text block, whose text is sent as slices of one shared block of words so
 * that no body-sized buffer is ever allocated.
 */
final class OversizedMessage {

	/** Stands for the text in the JSON given to {@link #of(long, LongFunction)}. */
	static final String TEXT = "@oversized-text@";

	private static final byte[] FILLER = filler(64 * 1024);

	private final byte[] prefix;

	private final long textLength;

	private final byte[] suffix;

	private final long outputTokens;

	private OversizedMessage(byte[] prefix, long textLength, byte[] suffix, long outputTokens) {
		this.prefix = prefix;
		this.textLength = textLength;
		this.suffix = suffix;
		this.outputTokens = outputTokens;
	}

	/**
	 * A message of {@code bytes} bytes, or just its JSON when that is longer.
	 * @param messageJson the message with {@link #TEXT} as its text, for a number of output tokens
	 */
	static OversizedMessage of(long bytes, LongFunction<String> messageJson) {
		long overhead = messageJson.apply(0).getBytes(StandardCharsets.UTF_8).length - TEXT.length();
		// one token per four characters, as the simulator's input estimate
		long outputTokens = Math.max(1, (Math.max(0, bytes - overhead) + 3) / 4);
		String json = messageJson.apply(outputTokens);
		int text = json.lastIndexOf(TEXT);
		byte[] prefix = json.substring(0, text).getBytes(StandardCharsets.UTF_8);
		byte[] suffix = json.substring(text + TEXT.length()).getBytes(StandardCharsets.UTF_8);
		return new OversizedMessage(prefix, Math.max(0, bytes - prefix.length - suffix.length), suffix, outputTokens);
	}

	long length() {
		return this.prefix.length + this.textLength + this.suffix.length;
	}

	long outputTokens() {
		return this.outputTokens;
	}

	Flux<byte[]> pieces() {
		long fullBlocks = this.textLength / FILLER.length;
		int rest = (int) (this.textLength % FILLER.length);
		Flux<byte[]> text = Flux.<byte[], Long>generate(() -> 0L, (sent, sink) -> {
			if (sent < fullBlocks) {
				sink.next(FILLER);
			}
			else {
				sink.complete();
			}
			return sent + 1;
		});
		Mono<byte[]> last = (rest > 0) ? Mono.just(Arrays.copyOf(FILLER, rest)) : Mono.empty();
		return Flux.concat(Mono.just(this.prefix), text, last, Mono.just(this.suffix));
	}

	private static byte[] filler(int length) {
		StringBuilder text = new StringBuilder(length + 16);
		for (int word = 0; text.length() < length; word++) {
			text.append(ReplyGenerator.word(word)).append(' ');
		}
		return text.substring(0, length).getBytes(StandardCharsets.US_ASCII);
	}

}
