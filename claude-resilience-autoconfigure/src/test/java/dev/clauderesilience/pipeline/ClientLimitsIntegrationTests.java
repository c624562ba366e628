package dev.clauderesilience.pipeline;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.clauderesilience.autoconfigure.StarterContext;
import dev.clauderesilience.client.ClaudeClient;
import dev.clauderesilience.client.ClaudeException;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeUnavailableException;
import dev.clauderesilience.ratelimit.CapacityWaitExceededException;
import dev.clauderesilience.ratelimit.ClaudeRateLimiter;
import dev.clauderesilience.ratelimit.DailyTokenBudgetExceededException;
import dev.clauderesilience.ratelimit.RequestExceedsLimitException;
import dev.clauderesilience.test.ClaudeSimulator;

import static dev.clauderesilience.pipeline.CallerFailures.failure;
import static dev.clauderesilience.pipeline.CallerFailures.typed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Calls the auto-configured client's own limits refuse at once, on the Claude API simulator:
 * nothing is sent for a call that cannot get capacity within max-wait, that would pass the
 * daily budget, or that is larger than a whole minute of a limit. The buckets are visible in
 * the application's Resilience4j registry.
 */
class ClientLimitsIntegrationTests {

	private static final String MODEL = "claude-sonnet-4-5";

	private static final ClaudeRequest REQUEST = ClaudeRequest.of(MODEL, 100, "Hello");

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@Test
	void callsThatCannotGetCapacityWithinMaxWaitShouldFailAtOnceWithRetryAfter() {
		try (ClaudeSimulator sim = simulator()) {
			runner(sim, "claude.limits.requests-per-minute=60", "claude.limits.max-wait=1s").run((context) -> {
				ClaudeClient client = context.getBean(ClaudeClient.class);
				long start = System.nanoTime();

				List<Outcome> outcomes = Flux.range(0, 10)
					.flatMap((i) -> client.send(REQUEST)
						.map((response) -> new Outcome(null, elapsed(start)))
						.onErrorResume((ex) -> Mono.just(new Outcome(ex, elapsed(start)))), 10)
					.collectList()
					.block(TIMEOUT);

				List<Outcome> failures = outcomes.stream().filter((outcome) -> outcome.failure() != null).toList();
				List<CapacityWaitExceededException> refusals = failures.stream()
					.map((outcome) -> (CapacityWaitExceededException) typed(CapacityWaitExceededException.class,
							outcome.failure()))
					.toList();
				System.out.printf("Max-wait 1 s at 60 RPM: %d of 10 sent, %d refused after at most %.3f s, "
						+ "retry-after %s%n", sim.count(), failures.size(),
						failures.stream().mapToDouble(Outcome::seconds).max().orElse(0),
						refusals.stream().map((ex) -> ex.retryAfter().orElseThrow()).toList());
				assertThat(sim.count()).isLessThan(10).isEqualTo(10 - failures.size());
				assertThat(refusals).isNotEmpty()
					.allSatisfy((ex) -> assertThat(ex.retryAfter())
						.hasValueSatisfying((retryAfter) -> assertThat(retryAfter).isGreaterThan(Duration.ofSeconds(1))));
				// refused without waiting out max-wait: before the last admitted call, which waited for
				// its turn, was even answered (an order, not a timing bound)
				double lastAnswered = outcomes.stream()
					.filter((outcome) -> outcome.failure() == null)
					.mapToDouble(Outcome::seconds)
					.max()
					.orElseThrow();
				assertThat(failures).allSatisfy((outcome) -> {
					// what the caller sees says when to try again too
					assertThat(((ClaudeException) outcome.failure()).retryAfter()).isPresent();
					assertThat(outcome.seconds()).isLessThan(lastAnswered);
				});
			});
		}
	}

	@Test
	void callThatWouldPassTheDailyBudgetShouldFailWithoutARequest() {
		// each call reserves its estimate (6 input tokens) plus max_tokens (100) and settles to
		// what the simulator reports (2 + 20): three calls fit in 160 only because they settle
		try (ClaudeSimulator sim = simulator()) {
			runner(sim, "claude.limits.tokens-per-day=160", "claude.limits.output-reservation=max-tokens").run((context) -> {
				ClaudeClient client = context.getBean(ClaudeClient.class);
				ClaudeRateLimiter limiter = context.getBean(ClaudeRateLimiter.class);
				for (int i = 0; i < 3; i++) {
					client.send(REQUEST).block(TIMEOUT);
				}
				long usedAfterThree = limiter.group(MODEL).dailyBudget().used();

				DailyTokenBudgetExceededException ex = failure(DailyTokenBudgetExceededException.class,
						client.send(REQUEST));

				System.out.printf("Daily budget 160: used %d after 3 calls, 4th refused (%s); %d requests sent%n",
						usedAfterThree, ex.getMessage(), sim.count());
				assertThat(ex.resetsAt())
					.isEqualTo(LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
				assertThat(usedAfterThree).isEqualTo(3 * (2 + 20));
				assertThat(sim.count()).isEqualTo(3);
			});
		}
	}

	@Test
	void requestLargerThanAMinuteOfTheInputLimitShouldFailAtOnceWithoutARequest() {
		ClaudeRequest large = ClaudeRequest.of(MODEL, 100, "x".repeat(2000));
		try (ClaudeSimulator sim = simulator()) {
			runner(sim, "claude.limits.input-tokens-per-minute=100").run((context) -> {
				ClaudeClient client = context.getBean(ClaudeClient.class);
				long start = System.nanoTime();

				RequestExceedsLimitException ex = failure(RequestExceedsLimitException.class, client.send(large));

				System.out.printf("Oversize: refused after %.3f s: %s; %d requests sent%n", elapsed(start),
						ex.getMessage(), sim.count());
				assertThat(sim.count()).isZero();
			});
		}
	}

	@Test
	void bucketsShouldBeRegisteredInTheApplicationsRateLimiterRegistry() {
		try (ClaudeSimulator sim = simulator()) {
			runner(sim, "claude.limits.requests-per-minute=600", "claude.limits.input-tokens-per-minute=100000",
					"claude.limits.output-tokens-per-minute=20000")
				.run((context) -> {
					context.getBean(ClaudeClient.class).send(REQUEST).block(TIMEOUT);

					RateLimiterRegistry registry = context.getBean(RateLimiterRegistry.class);
					List<String> names = registry.getAllRateLimiters().stream().map(RateLimiter::getName).sorted().toList();
					System.out.printf("Registry after one call: %s%n", registry.getAllRateLimiters()
						.stream()
						.map((limiter) -> limiter.getName() + " " + limiter.getMetrics().getAvailablePermissions())
						.sorted()
						.toList());
					assertThat(names).contains("claude-sonnet-requests", "claude-sonnet-input-tokens",
							"claude-sonnet-output-tokens");
					assertThat(registry.find("claude-sonnet-requests")).isPresent()
						.get()
						.satisfies((view) -> assertThat(view.getRateLimiterConfig().getLimitForPeriod()).isPositive());
				});
		}
	}

	private static ClaudeSimulator simulator() {
		return ClaudeSimulator.builder().outputTokens(20).build().start();
	}

	private static ApplicationContextRunner runner(ClaudeSimulator sim, String... properties) {
		return StarterContext.withDefaults(sim, properties);
	}

	private static double elapsed(long startNanos) {
		return (System.nanoTime() - startNanos) / 1e9;
	}

	private record Outcome(Throwable failure, double seconds) {
	}

}
