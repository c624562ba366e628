package dev.clauderesilience.test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Makes the deterministic answer to a prompt: a tool call or a tool result's summary when the
 * {@link ToolCalls tool rules} say so, otherwise words from a fixed list picked by a hash of the
 * model, system prompt and messages, one word per output token.
 */
final class ReplyGenerator {

	static final int DEFAULT_MIN_TOKENS = 20;

	static final int DEFAULT_MAX_TOKENS = 60;

	private static final String[] WORDS = { "the", "simulated", "answer", "is", "steady", "and", "calm", "river",
			"stone", "light", "cloud", "signal", "bridge", "quiet", "north", "garden", "number", "pattern", "window",
			"paper", "engine", "harbor", "token", "bucket", "retry", "circuit", "model", "prompt", "reply", "stream",
			"delta", "event", "limit", "minute", "second", "careful", "simple", "clear", "bright", "slow", "fast",
			"green", "blue", "amber", "silver", "orchard", "meadow", "valley", "summit", "journal", "ledger", "anchor",
			"compass", "lantern", "harvest", "season", "winter", "spring", "autumn", "summer", "ocean", "forest",
			"desert", "island" };

	private static final Pattern TEXT_TOKEN = Pattern.compile("\\s*\\S+");

	private static final Pattern JSON_TOKEN = Pattern.compile("[\\w.+-]+|[{}\\[\\]:,]");

	private static final int JSON_TOKENS_PER_PIECE = 3;

	private final int minTokens;

	private final int maxTokens;

	ReplyGenerator(int minTokens, int maxTokens) {
		this.minTokens = minTokens;
		this.maxTokens = maxTokens;
	}

	Reply generate(JsonNode body, long maxTokens, Supplier<String> toolUseIds) {
		long seed = hash(String.valueOf(body.get("model")) + "|" + body.get("system") + "|" + body.get("messages"));
		ToolCalls.Call call = ToolCalls.call(body, seed);
		if (call != null) {
			List<Block> blocks = new ArrayList<>();
			if (call.preamble() != null) {
				blocks.add(TextBlock.of(call.preamble()));
			}
			blocks.add(ToolUseBlock.of(toolUseIds.get(), call.name(), call.input()));
			Reply reply = new Reply(blocks, "tool_use");
			if (reply.outputTokens() <= maxTokens) {
				return reply;
			}
			// the call does not fit: the answer stops before it, as a real one cut by max_tokens
			return new Reply(List.of(plainText(seed, maxTokens)), "max_tokens");
		}
		String results = ToolCalls.resultSummary(body);
		if (results != null) {
			TextBlock text = TextBlock.of(results);
			boolean capped = text.outputTokens() > maxTokens;
			return new Reply(List.of(capped ? text.first((int) maxTokens) : text), capped ? "max_tokens" : "end_turn");
		}
		long natural = this.minTokens + Math.floorMod(seed, this.maxTokens - this.minTokens + 1L);
		return new Reply(List.of(plainText(seed, Math.min(natural, maxTokens))),
				(natural > maxTokens) ? "max_tokens" : "end_turn");
	}

	private static TextBlock plainText(long seed, long count) {
		SplittableRandom random = new SplittableRandom(seed);
		List<String> tokens = new ArrayList<>();
		for (int i = 0; i < Math.max(1, count); i++) {
			String word = WORDS[random.nextInt(WORDS.length)];
			tokens.add((i == 0) ? word : " " + word);
		}
		return new TextBlock(List.copyOf(tokens));
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
	 * The answer's content blocks and its stop reason.
	 */
	record Reply(List<Block> blocks, String stopReason) {

		long outputTokens() {
			return this.blocks.stream().mapToLong(Block::outputTokens).sum();
		}

	}

	/**
	 * A content block of an answer, streamed as deltas whose concatenation is its content.
	 */
	sealed interface Block permits TextBlock, ToolUseBlock {

		long outputTokens();

		/**
		 * The streamed pieces: text for a text block, partial JSON for a tool call.
		 */
		List<Piece> pieces();

	}

	/**
	 * A piece of a streamed block and the output tokens it holds.
	 */
	record Piece(String text, long outputTokens) {
	}

	/**
	 * Text as tokens, each with the white space before it, so that their concatenation is the
	 * text.
	 */
	record TextBlock(List<String> tokens) implements Block {

		private static final int TOKENS_PER_PIECE = 3;

		static TextBlock of(String text) {
			List<String> tokens = new ArrayList<>();
			Matcher matcher = TEXT_TOKEN.matcher(text);
			while (matcher.find()) {
				tokens.add(matcher.group());
			}
			return new TextBlock(List.copyOf(tokens));
		}

		String text() {
			return String.join("", this.tokens);
		}

		TextBlock first(int count) {
			return new TextBlock(this.tokens.subList(0, Math.max(1, Math.min(count, this.tokens.size()))));
		}

		@Override
		public long outputTokens() {
			return this.tokens.size();
		}

		@Override
		public List<Piece> pieces() {
			List<Piece> pieces = new ArrayList<>();
			for (int i = 0; i < this.tokens.size(); i += TOKENS_PER_PIECE) {
				List<String> piece = this.tokens.subList(i, Math.min(this.tokens.size(), i + TOKENS_PER_PIECE));
				pieces.add(new Piece(String.join("", piece), piece.size()));
			}
			return pieces;
		}

	}

	/**
	 * A tool call, its input as compact JSON, counted as one token for the name and one per
	 * JSON word or punctuation mark.
	 */
	record ToolUseBlock(String id, String name, JsonNode input, String inputJson) implements Block {

		static ToolUseBlock of(String id, String name, JsonNode input) {
			return new ToolUseBlock(id, name, input, input.toString());
		}

		@Override
		public long outputTokens() {
			return 1 + JSON_TOKEN.matcher(this.inputJson).results().count();
		}

		@Override
		public List<Piece> pieces() {
			List<Piece> pieces = new ArrayList<>();
			Matcher matcher = JSON_TOKEN.matcher(this.inputJson);
			int start = 0;
			int tokens = 0;
			while (matcher.find()) {
				if (++tokens == JSON_TOKENS_PER_PIECE) {
					pieces.add(new Piece(this.inputJson.substring(start, matcher.end()), tokens));
					start = matcher.end();
					tokens = 0;
				}
			}
			if (start < this.inputJson.length()) {
				pieces.add(new Piece(this.inputJson.substring(start), tokens));
			}
			return pieces;
		}

	}

}
