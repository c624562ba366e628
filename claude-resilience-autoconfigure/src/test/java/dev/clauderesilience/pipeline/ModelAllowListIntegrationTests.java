package dev.clauderesilience.pipeline;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.clauderesilience.autoconfigure.StarterContext;
import dev.clauderesilience.client.ClaudeClient;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeRequestValidationException;
import dev.clauderesilience.client.ClaudeStreamAccumulator;
import dev.clauderesilience.test.ClaudeSimulatorExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@code claude.models.allowed} at call time, on the simulator: a model outside it is refused
 * before anything is sent, for {@code send}, {@code stream} and {@code countTokens} alike.
 */
class ModelAllowListIntegrationTests {

	@RegisterExtension
	static final ClaudeSimulatorExtension simulator = ClaudeSimulatorExtension.create();

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String OPUS = "claude-opus-4-1";

	private static final ClaudeRequest REFUSED = ClaudeRequest.of(OPUS, 100, "Hello");

	private static ApplicationContextRunner runner() {
		return StarterContext.on(simulator.simulator(), "claude.models.allowed=claude-sonnet-*,claude-haiku-*",
				"claude.fallback-models=claude-sonnet-4-5,claude-haiku-4-5");
	}

	private static void assertRefusedNamingTheModel(Throwable failure) {
		assertThat(failure).isInstanceOfSatisfying(ClaudeRequestValidationException.class, (ex) -> {
			assertThat(ex.field()).isEqualTo("model");
			assertThat(ex.getMessage()).contains(OPUS);
		});
		assertThat(simulator.simulator().count()).as("nothing reached the API").isZero();
	}

	@Test
	void sendToAModelOutsideTheAllowListShouldBeRefusedAndSendNothing() {
		runner().run((context) -> assertRefusedNamingTheModel(
				catchThrowable(() -> context.getBean(ClaudeClient.class).send(REFUSED).block(TIMEOUT))));
	}

	@Test
	void streamToAModelOutsideTheAllowListShouldBeRefusedAndSendNothing() {
		runner().run((context) -> assertRefusedNamingTheModel(catchThrowable(
				() -> ClaudeStreamAccumulator.collect(context.getBean(ClaudeClient.class).stream(REFUSED)).block(TIMEOUT))));
	}

	@Test
	void countTokensForAModelOutsideTheAllowListShouldBeRefusedAndSendNothing() {
		runner().run((context) -> assertRefusedNamingTheModel(
				catchThrowable(() -> context.getBean(ClaudeClient.class).countTokens(REFUSED).block(TIMEOUT))));
	}

	@Test
	void anAllowedModelShouldStillBeAnsweredAndCounted() {
		runner().run((context) -> {
			ClaudeClient client = context.getBean(ClaudeClient.class);
			ClaudeRequest allowed = ClaudeRequest.of("claude-haiku-4-5", 100, "Hello");

			assertThat(client.send(allowed).block(TIMEOUT).model()).isEqualTo("claude-haiku-4-5");
			assertThat(client.countTokens(allowed).block(TIMEOUT)).isPositive();
			assertThat(simulator.simulator().count()).isEqualTo(2);
		});
	}

}
