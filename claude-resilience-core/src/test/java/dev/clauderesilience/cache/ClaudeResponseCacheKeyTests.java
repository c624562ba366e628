package dev.clauderesilience.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import org.springframework.cache.concurrent.ConcurrentMapCache;

import dev.clauderesilience.client.ApiVersion;
import dev.clauderesilience.client.ClaudeRequest;

import static org.assertj.core.api.Assertions.assertThat;

class ClaudeResponseCacheKeyTests {

	private static final ClaudeRequest BASE = ClaudeRequest.builder()
		.model("claude-sonnet-4-5")
		.maxTokens(100)
		.system("Be brief.")
		.user("What is the refund policy?")
		.build();

	private static ClaudeResponseCache cache(ApiVersion version) {
		return new ClaudeResponseCache(new ConcurrentMapCache("claude-responses"), ClaudeResponseCache.Mode.ALWAYS,
				Duration.ofMinutes(10), Duration.ofHours(1), version, Clock.systemUTC());
	}

	static Stream<Arguments> changes() {
		JsonNodeFactory nodes = JsonNodeFactory.instance;
		return Stream.of(Arguments.of("model", (UnaryOperator<ClaudeRequest.Builder>) (b) -> b.model("claude-haiku-4-5")),
				Arguments.of("system", (UnaryOperator<ClaudeRequest.Builder>) (b) -> b.system("Be verbose.")),
				Arguments.of("messages", (UnaryOperator<ClaudeRequest.Builder>) (b) -> b.assistant("Sure.")),
				Arguments.of("tools", (UnaryOperator<ClaudeRequest.Builder>) (b) -> b
					.tool(new ClaudeRequest.Tool("lookup", "Looks up", nodes.objectNode().put("type", "object"), null))),
				Arguments.of("tool_choice",
						(UnaryOperator<ClaudeRequest.Builder>) (b) -> b.toolChoice(ClaudeRequest.ToolChoice.of("any"))),
				Arguments.of("max_tokens", (UnaryOperator<ClaudeRequest.Builder>) (b) -> b.maxTokens(101)),
				Arguments.of("stop_sequences", (UnaryOperator<ClaudeRequest.Builder>) (b) -> b.stopSequences(List.of("END"))),
				Arguments.of("thinking",
						(UnaryOperator<ClaudeRequest.Builder>) (b) -> b.thinking(ClaudeRequest.ThinkingConfig.enabled(2048))));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("changes")
	void keyShouldChangeWhenAFieldThatDecidesTheAnswerChanges(String field, UnaryOperator<ClaudeRequest.Builder> change) {
		ClaudeResponseCache cache = cache(ApiVersion.V2026_10_21);
		assertThat(cache.key(change.apply(BASE.toBuilder()).build())).isNotEqualTo(cache.key(BASE));
	}

	@Test
	void keyShouldChangeWithTheApiVersionAndItsSamplingParameters() {
		ClaudeResponseCache old = cache(ApiVersion.V2023_06_01);
		assertThat(old.key(BASE)).isNotEqualTo(cache(ApiVersion.V2026_10_21).key(BASE));
		assertThat(old.key(BASE.toBuilder().temperature(0.0).build())).isNotEqualTo(old.key(BASE));
		assertThat(old.key(BASE.toBuilder().topP(0.5).build())).isNotEqualTo(old.key(BASE));
		assertThat(old.key(BASE.toBuilder().topK(5).build())).isNotEqualTo(old.key(BASE));
	}

	@Test
	void keyShouldIgnoreMetadataAndTheCacheableMark() {
		ClaudeResponseCache cache = cache(ApiVersion.V2026_10_21);
		assertThat(cache.key(BASE.toBuilder().metadata("user_id", "u-1").cacheable(true).build()))
			.isEqualTo(cache.key(BASE));
	}

	@Test
	void keyShouldBeAStableSha256() {
		ClaudeResponseCache cache = cache(ApiVersion.V2026_10_21);
		assertThat(cache.key(BASE)).hasSize(64).matches("[0-9a-f]+").isEqualTo(cache.key(BASE.toBuilder().build()));
	}

}
