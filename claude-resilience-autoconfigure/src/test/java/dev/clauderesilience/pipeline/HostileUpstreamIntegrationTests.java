package dev.clauderesilience.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.clauderesilience.autoconfigure.health.ClaudeHealthIndicator;
import dev.clauderesilience.autoconfigure.ClaudeObservabilityAutoConfiguration;
import dev.clauderesilience.autoconfigure.StarterContext;
import dev.clauderesilience.client.ClaudeClient;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeResponse;
import dev.clauderesilience.client.ClaudeResponseFormatException;
import dev.clauderesilience.client.ClaudeStreamAccumulator;
import dev.clauderesilience.client.ClaudeUnavailableException;
import dev.clauderesilience.health.ClaudeHealthNames;
import dev.clauderesilience.ratelimit.ClaudeRateLimiter;
import dev.clauderesilience.retry.ClaudeDeadlineExceededException;
import dev.clauderesilience.test.ClaudeSimulator;
import dev.clauderesilience.test.ClaudeSimulatorExtension;
import dev.clauderesilience.test.SimulatedFault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A hostile or broken upstream, on the simulator: absurd waits, far-future resets, servers that
 * stall before any content, oversized bodies. None may take the app offline, cross the deadline,
 * or reach the caller as anything but a calm, bounded answer.
 */
@ExtendWith(OutputCaptureExtension.class)
class HostileUpstreamIntegrationTests {

	@RegisterExtension
	static final ClaudeSimulatorExtension simulator = ClaudeSimulatorExtension.create();

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String SONNET = "claude-sonnet-4-5";

	private static final String HAIKU = "claude-haiku-4-5";

	private static final ClaudeRequest REQUEST = ClaudeRequest.of(SONNET, 100, "Hello");

	private static ClaudeSimulator sim() {
		return simulator.simulator();
	}

	private static ApplicationContextRunner runner(String... properties) {
		return StarterContext.on(sim(), properties)
			.withConfiguration(AutoConfigurations.of(ClaudeObservabilityAutoConfiguration.class));
	}

	private static long requestsFor(String model) {
		return sim().requestsFor(model).size();
	}

	@ParameterizedTest
	@ValueSource(strings = { "retry-after=999999", "retry-after=99999999999", "retry-after-ms=1e15",
			"retry-after=Fri, 31 Dec 9999 23:59:59 GMT" })
	void aWaitBeyondMaxPauseShouldFailAtOnceAndLetAnotherModelClassAnswer(String header) {
		String[] nameValue = header.split("=", 2);
		sim().enqueueFault(SimulatedFault.status(429).withHeaders(Map.of(nameValue[0], nameValue[1])));
		runner("claude.fallback-models=" + SONNET + "," + HAIKU, "claude.deadline=20s").run((context) -> {
			Instant before = Instant.now();
			ClaudeResponse answer = context.getBean(ClaudeClient.class).send(REQUEST).block(TIMEOUT);

			assertThat(answer.isFallback()).isTrue();
			assertThat(answer.model()).isEqualTo(HAIKU);
			assertThat(requestsFor(SONNET)).as("the primary was not retried").isEqualTo(1);
			Instant pausedUntil = context.getBean(ClaudeRateLimiter.class).group(SONNET).pausedUntil();
			assertThat(pausedUntil).as("held back for max-pause at most")
				.isBetween(before, Instant.now().plusSeconds(60));
			Health health = context.getBean("claudeHealthIndicator", HealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(ClaudeHealthIndicator.DEGRADED);
			assertThat(health.getDetails().get("reasons")).asString().contains("rate-limited sonnet");
		});
	}

	@Test
	void aWaitBeyondMaxPauseWithNoOtherModelShouldTellTheCallerAtMostMaxPause() {
		sim().enqueueFault(SimulatedFault.status(429).withHeaders(Map.of("retry-after", "999999")));
		runner("claude.limits.max-pause=30s").run((context) -> {
			Throwable failure = catchThrowable(() -> context.getBean(ClaudeClient.class).send(REQUEST).block(TIMEOUT));

			assertThat(failure).isInstanceOfSatisfying(ClaudeUnavailableException.class,
					(ex) -> assertThat(ex.retryAfter()).hasValue(Duration.ofSeconds(30)));
			assertThat(requestsFor(SONNET)).isEqualTo(1);
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "2099-01-01T00:00:00Z", "2500-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z" })
	void aFarFutureResetShouldNotHoldTheModelBackBeyondAMinute(String reset) {
		sim().enqueueFault(SimulatedFault.answerWithHeaders(Map.of("anthropic-ratelimit-requests-limit", "6000",
				"anthropic-ratelimit-requests-remaining", "0", "anthropic-ratelimit-requests-reset", reset)));
		runner("claude.limits.requests-per-minute=6000", "claude.fallback-models=" + SONNET + "," + HAIKU)
			.run((context) -> {
				ClaudeClient client = context.getBean(ClaudeClient.class);
				client.send(REQUEST).block(TIMEOUT);
				List<ClaudeResponse> later = List.of(client.send(REQUEST).block(TIMEOUT),
						client.send(REQUEST).block(TIMEOUT));

				assertThat(later).noneMatch(ClaudeResponse::isFallback);
				assertThat(requestsFor(SONNET)).isEqualTo(3);
				assertThat(context.getBean(ClaudeRateLimiter.class).group(SONNET).lastSnapshot().requests().reset())
					.isBefore(Instant.now().plusSeconds(61));
			});
	}

	@Test
	void aStreamThatSendsOnlyPingsBeforeContentShouldEndAtTheDeadlineAcrossFallbackModels() {
		sim().enqueueFaults(2, SimulatedFault.pingsOnly(Duration.ofMillis(100)));
		runner("claude.deadline=2s", "claude.fallback-models=" + SONNET + "," + HAIKU).run((context) -> {
			long start = System.nanoTime();
			Throwable failure = catchThrowable(() -> ClaudeStreamAccumulator
				.collect(context.getBean(ClaudeClient.class).stream(REQUEST))
				.block(TIMEOUT));

			assertThat(failure).isInstanceOf(ClaudeUnavailableException.class)
				.hasCauseInstanceOf(ClaudeDeadlineExceededException.class);
			// one deadline of 2 s, not one per model (4 s or more): a bound a slow machine cannot trip
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as("one deadline, not one per model")
				.isLessThan(Duration.ofSeconds(4));
			assertThat(requestsFor(HAIKU)).as("no time was left for the fallback").isZero();
		});
	}

	@Test
	void anAnswerThatDripsPastTheDeadlineShouldEndAtTheDeadline() {
		sim().enqueueFault(SimulatedFault.drip(Duration.ofMillis(100)));
		runner("claude.deadline=2s", "claude.fallback-models=" + SONNET + "," + HAIKU).run((context) -> {
			long start = System.nanoTime();
			Throwable failure = catchThrowable(() -> context.getBean(ClaudeClient.class).send(REQUEST).block(TIMEOUT));

			assertThat(failure).isInstanceOf(ClaudeUnavailableException.class)
				.hasCauseInstanceOf(ClaudeDeadlineExceededException.class);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as("one deadline, not one per model")
				.isLessThan(Duration.ofSeconds(4));
			assertThat(requestsFor(HAIKU)).as("no time was left for the fallback").isZero();
		});
	}

	// a duration property of any length (Spring reads up to about 292 billion years) must neither
	// stop start-up nor fail a call with an overflow: each saturates to "for ever"
	@ParameterizedTest
	@ValueSource(strings = { "200000d", "100000000000000d", "PT2562047788015215H" })
	void durationPropertiesOfAnyLengthShouldStillAnswer(String forever) {
		runner("claude.limits.requests-per-minute=60", "claude.limits.max-wait=" + forever,
				"claude.limits.max-pause=" + forever, "claude.limits.burst=" + forever,
				"claude.limits.lanes.batch.max-wait=" + forever, "claude.deadline=" + forever,
				"claude.auth-failure-backoff=" + forever, "claude.timeouts.connect=" + forever,
				"claude.timeouts.response=" + forever, "claude.cache.mode=always", "claude.cache.ttl=" + forever,
				"claude.cache.stale-ttl=" + forever, "claude.web.problem-details.default-retry-after=" + forever)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ClaudeClient client = context.getBean(ClaudeClient.class);

				assertThat(client.send(REQUEST).block(TIMEOUT).text()).isNotEmpty();
				assertThat(client.send(REQUEST).block(TIMEOUT).text()).as("from the cache").isNotEmpty();
				assertThat(ClaudeStreamAccumulator.collect(client.stream(ClaudeRequest.of(HAIKU, 100, "Hi")))
					.block(TIMEOUT)
					.text()).isNotEmpty();
				assertThat(requestsFor(SONNET)).isEqualTo(1);
			});
	}

	@Test
	void anAnswerLargerThanMaxResponseSizeShouldBeARetryableTypedErrorWithoutErrorLogs(CapturedOutput output) {
		sim().enqueueFaults(3, SimulatedFault.oversizedBody(40L * 1024 * 1024));
		runner("claude.max-response-size=1MB").run((context) -> {
			Throwable failure = catchThrowable(() -> context.getBean(ClaudeClient.class).send(REQUEST).block(TIMEOUT));

			assertThat(failure).isInstanceOf(ClaudeUnavailableException.class)
				.hasCauseInstanceOf(ClaudeResponseFormatException.class);
			assertThat(failure.getCause()).hasMessageContaining("claude.max-response-size");
			assertThat(requestsFor(SONNET)).as("retried like any broken answer").isEqualTo(3);
		});
		assertThat(output.getAll()).doesNotContain("IllegalReferenceCountException").doesNotContain(" ERROR ");
	}

}
