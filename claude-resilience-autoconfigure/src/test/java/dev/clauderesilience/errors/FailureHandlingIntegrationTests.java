package dev.clauderesilience.errors;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;

import dev.clauderesilience.autoconfigure.StarterContext;
import dev.clauderesilience.client.ClaudeApiException;
import dev.clauderesilience.client.ClaudeClient;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeUnavailableException;
import dev.clauderesilience.ratelimit.MutableClock;
import dev.clauderesilience.review.ClaudeContentRejectedEvent;
import dev.clauderesilience.review.ReviewItem;
import dev.clauderesilience.review.ReviewQueue;
import dev.clauderesilience.test.ClaudeSimulator;
import dev.clauderesilience.test.ClaudeSimulatorExtension;
import dev.clauderesilience.test.SimulatedFault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What happens to 400, 401 and 403 besides reaching the caller, on the simulator.
 */
@ExtendWith(OutputCaptureExtension.class)
class FailureHandlingIntegrationTests {

	@RegisterExtension
	static final ClaudeSimulatorExtension simulator = ClaudeSimulatorExtension.create();

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final ClaudeRequest REQUEST = ClaudeRequest.of("claude-sonnet-4-5", 100, "Hello");

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));

	private final List<Object> events = new CopyOnWriteArrayList<>();

	private ApplicationContextRunner runner(String... properties) {
		return StarterContext.on(sim(), properties)
			.withBean("claudeClock", Clock.class, () -> this.clock)
			.withBean("eventRecorder", ApplicationListener.class,
					() -> (ApplicationListener<?>) (event) -> this.events.add(event));
	}

	private static ClaudeSimulator sim() {
		return simulator.simulator();
	}

	private static Throwable send(ClaudeClient client, ClaudeRequest request) {
		return catchThrowable(() -> client.send(request).block(TIMEOUT));
	}

	@Test
	void rejectedKeyShouldBeLoggedOnceShortCircuitFurtherCallsAndRecoverAfterTheBackoff(CapturedOutput output) {
		sim().enqueueFaults(5, SimulatedFault.status(401));
		runner("claude.auth-failure-backoff=30s").run((context) -> {
			ClaudeClient client = context.getBean(ClaudeClient.class);

			Throwable first = send(client, REQUEST);
			Throwable second = send(client, REQUEST);
			this.clock.advance(Duration.ofSeconds(20));
			Throwable third = send(client, REQUEST);

			assertThat(first).isInstanceOf(ClaudeUnavailableException.class)
				.hasCauseInstanceOf(ClaudeApiException.Authentication.class);
			assertThat(second).isInstanceOf(ClaudeUnavailableException.class)
				.hasCauseInstanceOf(ClaudeApiException.Authentication.class);
			assertThat(third).isInstanceOf(ClaudeUnavailableException.class);
			assertThat(sim().count()).as("calls during the back-off send nothing").isEqualTo(1);
			assertThat(this.events).filteredOn(ClaudeAuthenticationFailedEvent.class::isInstance).hasSize(1);

			this.clock.advance(Duration.ofSeconds(11));
			send(client, REQUEST);
			assertThat(sim().count()).as("after the back-off the key is tried again").isEqualTo(2);
			this.clock.advance(Duration.ofSeconds(31));
			send(client, REQUEST);
			assertThat(sim().count()).isEqualTo(3);
			assertThat(output.getAll().lines().filter((line) -> line.contains("rejected the API key")))
				.as("at most one ERROR a minute").hasSize(2);
			assertThat(output.getAll()).doesNotContain(sim().apiKey());
		});
	}

	@Test
	void refusedInputShouldGoAnonymisedToTheReviewQueue() {
		sim().enqueueFault(SimulatedFault.status(403));
		ClaudeRequest request = ClaudeRequest.builder()
			.model("claude-sonnet-4-5")
			.maxTokens(100)
			.user("I am jane@example.com, card 4111-1111-1111-1111, call me on 555 123 4567")
			.build();
		runner().run((context) -> {
			Throwable failure = send(context.getBean(ClaudeClient.class), request);

			assertThat(failure).isInstanceOf(ClaudeApiException.PermissionDenied.class);
			assertThat(sim().count()).as("not retried").isEqualTo(1);
			List<ReviewItem> pending = context.getBean(ReviewQueue.class).pending();
			assertThat(pending).singleElement().satisfies((item) -> {
				assertThat(item.input()).isEqualTo("[user] I am [email], card [card], call me on [phone]");
				assertThat(item.model()).isEqualTo("claude-sonnet-4-5");
				assertThat(item.requestId()).isEqualTo(sim().journal().get(0).requestId());
			});
			assertThat(this.events).filteredOn(ClaudeContentRejectedEvent.class::isInstance).hasSize(1);
		});
	}

	@Test
	void rejectedRequestShouldBeLoggedOnceWithTheRequestButNeverTheKey(CapturedOutput output) {
		sim().enqueueFault(SimulatedFault.status(400));
		ClaudeRequest request = ClaudeRequest.builder()
			.model("claude-sonnet-4-5")
			.maxTokens(100)
			.user("Tell me about " + "x".repeat(1000))
			.build();
		runner("claude.logging.max-text-length=40").run((context) -> {
			Throwable failure = send(context.getBean(ClaudeClient.class), request);

			assertThat(failure).isInstanceOf(ClaudeApiException.InvalidRequest.class);
			assertThat(sim().count()).isEqualTo(1);
			List<String> lines = output.getAll().lines().filter((line) -> line.contains("rejected a request")).toList();
			assertThat(lines).singleElement().satisfies((line) -> {
				assertThat(line).contains("WARN").contains(sim().journal().get(0).requestId());
				assertThat(line).contains("\"model\":\"claude-sonnet-4-5\"").contains("...(1014 chars)");
				assertThat(line).doesNotContain("x".repeat(41)).doesNotContain(sim().apiKey());
			});
		});
	}

}
