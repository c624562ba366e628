package dev.clauderesilience.pipeline;

import java.time.Duration;

import reactor.core.publisher.Mono;

import dev.clauderesilience.client.ClaudeUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What a caller of the client gets when a call fails: the typed failure itself, or the calm
 * {@link ClaudeUnavailableException} carrying it.
 */
final class CallerFailures {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private CallerFailures() {
	}

	static <T extends Throwable> T failure(Class<T> type, Mono<?> call) {
		Throwable thrown = catchThrowable(() -> call.block(TIMEOUT));
		return type.cast(typed(type, thrown));
	}

	static Throwable typed(Class<? extends Throwable> type, Throwable thrown) {
		Throwable typed = (thrown instanceof ClaudeUnavailableException) ? thrown.getCause() : thrown;
		assertThat(typed).as("failure (thrown: %s)", thrown).isInstanceOf(type);
		return typed;
	}

}
