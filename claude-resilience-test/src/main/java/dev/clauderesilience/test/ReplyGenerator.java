package dev.clauderesilience.test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Makes the deterministic answer to a prompt: words from a fixed list picked by a hash of the
 * model, system prompt and messages, one word per output token.
 */
final class ReplyGenerator {

	private static final String[] WORDS = { "the", "simulated", "answer", "is", "steady", "and", "calm", "river",
			"stone", "light", "cloud", "signal", "bridge", "quiet", "north", "garden", "number", "pattern", "window",
			"paper", "engine", "harbor", "token", "bucket", "retry", "circuit", "model", "prompt", "reply", "stream",
			"delta", "event", "limit", "minute", "second", "careful", "simple", "clear", "bright", "slow", "fast",
			"green", "blue", "amber", "silver", "orchard", "meadow", "valley", "summit", "journal", "ledger", "anchor",
			"compass", "lantern", "harvest", "season", "winter", "spring", "autumn", "summer", "ocean", "forest",
			"desert", "island" };

	static final int DEFAULT_MIN_TOKENS = 20;

	static final int DEFAULT_MAX_TOKENS = 60;

	private final int minTokens;

	private final int maxTokens;

	ReplyGenerator(int minTokens, int maxTokens) {
		this.minTokens = minTokens;
		this.maxTokens = maxTokens;
	}

	Reply generate(JsonNode body, long maxTokens) {
		long seed = hash(String.valueOf(body.get("model")) + "|" + body.get("system") + "|" + body.get("messages"));
		long natural = this.minTokens + Math.floorMod(seed, this.maxTokens - this.minTokens + 1L);
		int count = (int) Math.max(1, Math.min(natural, maxTokens));
		SplittableRandom random = new SplittableRandom(seed);
		List<String> words = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			words.add(WORDS[random.nextInt(WORDS.length)]);
		}
		String stopReason = (natural > maxTokens) ? "max_tokens" : "end_turn";
		return new Reply(List.copyOf(words), stopReason);
	}

	/**
	 * A word of the answers' vocabulary, picked by any number.
	 */
	static String word(long index) {
		return WORDS[(int) Math.floorMod(index, (long) WORDS.length)];
	}

	static long hash(String text) {
		long hash = 0xcbf29ce484222325L;
		for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
			hash ^= b;
			hash *= 0x100000001b3L;
		}
		return hash;
	}

	/**
	 * The answer's words (one output token each) and its stop reason.
	 */
	record Reply(List<String> words, String stopReason) {

		String text() {
			return String.join(" ", this.words);
		}

		long outputTokens() {
			return this.words.size();
		}

		/**
		 * The text in chunks of a few words whose concatenation is {@link #text()}.
		 */
		List<String> chunks(int wordsPerChunk) {
			List<String> chunks = new ArrayList<>();
			for (int i = 0; i < this.words.size(); i += wordsPerChunk) {
				String chunk = String.join(" ", this.words.subList(i, Math.min(this.words.size(), i + wordsPerChunk)));
				chunks.add((i == 0) ? chunk : " " + chunk);
			}
			return chunks;
		}

	}

}
