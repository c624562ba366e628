package dev.clauderesilience.client;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The model id rule of {@link ClaudeRequestValidator}: a caller-chosen model name reaches logs,
 * metrics and the API only when it is a model id as the API names them (a letter or digit, then
 * letters, digits and {@code . _ : @ / -}, 128 characters at most).
 */
class ClaudeRequestValidatorTests {

	@ParameterizedTest
	@ValueSource(strings = { "claude-sonnet-4-5", "claude-3-5-sonnet-20241022", "a", "9",
			"anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-opus-4-1@20250805", "models/claude_haiku.4-5",
			"Claude-Sonnet-4-5" })
	void modelIdsAsTheApiNamesThemShouldPass(String model) {
		assertThatNoException().isThrownBy(() -> validate(model));
	}

	@ParameterizedTest
	@ValueSource(strings = { "-claude", ".claude", "_claude", "claude sonnet", "claude\nINFO forged line",
			"claude\r", "claude\t4", "claudé-sonnet", "claude-sonnet%0a", "claude;rm", "claude\"}", "ｃlaude",
			"claude\u0000" })
	void anythingElseShouldBeRefusedNamingTheModelField(String model) {
		ClaudeRequestValidationException refused = catchThrowableOfType(ClaudeRequestValidationException.class,
				() -> validate(model));
		assertThat(refused).isNotNull();
		assertThat(refused.field()).isEqualTo("model");
		assertThat(refused.getMessage()).contains("is not a model id").doesNotContain(model);
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 127, 128 })
	void modelIdsOfUpTo128CharactersShouldPass(int length) {
		assertThatNoException().isThrownBy(() -> validate("c".repeat(length)));
	}

	@ParameterizedTest
	@ValueSource(ints = { 129, 10_000 })
	void longerModelIdsShouldBeRefused(int length) {
		ClaudeRequestValidationException refused = catchThrowableOfType(ClaudeRequestValidationException.class,
				() -> validate("c".repeat(length)));
		assertThat(refused).isNotNull();
		assertThat(refused.field()).isEqualTo("model");
	}

	private static void validate(String model) {
		ClaudeRequestValidator.validate(ClaudeRequest.of(model, 64, "Hello"), ApiVersion.V2026_10_21, true,
				ModelAllowList.ANY);
	}

}
