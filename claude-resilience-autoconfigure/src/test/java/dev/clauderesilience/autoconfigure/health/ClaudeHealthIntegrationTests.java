package dev.clauderesilience.autoconfigure.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot3.ratelimiter.autoconfigure.RateLimiterAutoConfiguration;
import io.github.resilience4j.springboot3.retry.autoconfigure.RetryAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.web.reactive.function.client.WebClientAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.clauderesilience.autoconfigure.ClaudeAutoConfiguration;
import dev.clauderesilience.autoconfigure.ClaudeDefaultsEnvironmentPostProcessor;
import dev.clauderesilience.autoconfigure.ClaudeObservabilityAutoConfiguration;
import dev.clauderesilience.autoconfigure.SpringBootLine;
import dev.clauderesilience.client.ClaudeApiKeyMissingException;
import dev.clauderesilience.client.ClaudeClient;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.test.ClaudeSimulator;
import dev.clauderesilience.test.SimulatedFault;
import dev.clauderesilience.test.SimulatedLimits;
import dev.clauderesilience.ratelimit.MutableClock;
import dev.clauderesilience.health.ClaudeOverview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The {@code claude} health indicator on the Claude API simulator, whose buckets hold a whole
 * minute (so that remaining / limit is the used fraction): what it says before the first call,
 * UP → DEGRADED at the warning fraction → DOWN on a 401 → UP, and DOWN while every breaker is
 * open. The client's clock is a manual one, so that back-offs and open breakers end on demand.
 */
class ClaudeHealthIntegrationTests {

	private static final String MODEL = "claude-sonnet-4-5";

	private static final ClaudeRequest REQUEST = ClaudeRequest.of(MODEL, 100, "Hello");

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@Test
	void healthBeforeTheFirstCallShouldReportTheConfiguredLimitsAndNoHeadersYet() {
		try (ClaudeSimulator sim = ClaudeSimulator.builder().build().start()) {
			runner(sim, "claude.limits.requests-per-minute=40", "claude.limits.tokens-per-day=100000").run((context) -> {
				Health health = health(context);

				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).containsEntry("modelGroup", "sonnet")
					.containsEntry("requests", Map.of("configured", 40L, "clientRemaining", 40L, "utilization", 0.0))
					.containsEntry("rateLimitHeaders", "no headers yet")
					.containsEntry("circuitBreakers", Map.of())
					.containsEntry("fallbackActive", false)
					.containsEntry("utilization", 0.0)
					.containsEntry("tierAdvice", java.util.List.of())
					.doesNotContainKeys("tokens", "reasons", "lastRateLimitedAt");
				assertThat(detail(health, "dailyTokens")).containsEntry("limit", 100_000L)
					.containsEntry("used", 0L)
					.containsEntry("remaining", 100_000L)
					.containsKey("resetsAt");
				assertThat(sim.count()).isZero();
			});
		}
	}

	@Test
	void healthShouldTurnDegradedAtTheThresholdDownOnA401AndUpAgain() {
		try (ClaudeSimulator sim = simulatorWithRequestsPerMinute(20)) {
			// a minute of burst: the client's own pacing never holds these calls back
			runner(sim, "claude.limits.requests-per-minute=1000", "claude.limits.burst=60s").run((context) -> {
				ClaudeClient client = context.getBean(ClaudeClient.class);
				MutableClock clock = context.getBean("claudeClock", MutableClock.class);
				send(client, 15);
				Health up = health(context);
				assertThat(up.getStatus()).isEqualTo(Status.UP);
				assertThat(detail(up, "requests")).containsEntry("limit", 20L)
					.containsEntry("remaining", 5L)
					.containsEntry("configured", 1000L)
					.containsEntry("utilization", 0.75)
					.containsKey("reset");
				assertThat(up.getDetails()).containsEntry("utilization", 0.75)
					.containsEntry("circuitBreakers", Map.of(MODEL, "CLOSED"))
					.containsKeys("inputTokens", "outputTokens", "tokens");
				assertThat(up.getDetails().get("rateLimitHeaders")).isNotEqualTo("no headers yet");

				send(client, 1);
				Health degraded = health(context);
				assertThat(degraded.getStatus()).isEqualTo(ClaudeHealthIndicator.DEGRADED);
				assertThat(degraded.getDetails()).containsEntry("utilization", 0.8);
				assertThat((Iterable<?>) degraded.getDetails().get("reasons")).singleElement()
					.asString()
					.contains("utilization 80%");
				assertThat(aggregate(context)).isEqualTo(ClaudeHealthIndicator.DEGRADED);

				sim.enqueueFault(SimulatedFault.status(401));
				assertThatException().isThrownBy(() -> client.send(REQUEST).block(TIMEOUT))
					.withMessageContaining("401");
				Health down = health(context);
				assertThat(down.getStatus()).isEqualTo(Status.DOWN);
				assertThat(down.getDetails()).containsKey("authenticationFailedAt");
				assertThat(aggregate(context)).isEqualTo(Status.DOWN);

				// the key works again once the back-off has passed; the API's bucket refilled meanwhile
				clock.advance(Duration.ofSeconds(31));
				sim.reset();
				send(client, 1);
				Health upAgain = health(context);
				assertThat(upAgain.getStatus()).isEqualTo(Status.UP);
				assertThat(upAgain.getDetails()).doesNotContainKeys("authenticationFailedAt", "reasons");
				assertThat(aggregate(context)).isEqualTo(Status.UP);
			});
		}
	}

	// the case: the API allows far more than the client is configured to send, so the
	// API's headers say "nearly idle" while the client's own budget is what runs out first
	@Test
	void clientsOwnLimitShouldSetUtilizationWhenItIsTheTighter() {
		try (ClaudeSimulator sim = simulatorWithRequestsPerMinute(1000)) {
			// a minute of burst: the client's own pacing never holds these calls back
			runner(sim, "claude.limits.requests-per-minute=50", "claude.limits.burst=60s").run((context) -> {
				send(context.getBean(ClaudeClient.class), 5);

				Health health = health(context);

				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(detail(health, "requests")).containsEntry("configured", 50L)
					.containsEntry("clientRemaining", 45L)
					.containsEntry("limit", 1000L)
					.containsEntry("utilization", 0.1);
				// the API's own bucket refills 16 a second while the calls run (its clock is real):
				// whatever it says, the client's tighter figure sets the utilization
				assertThat((Long) detail(health, "requests").get("remaining")).isBetween(995L, 1000L);
				assertThat(health.getDetails()).containsEntry("utilization", 0.1);
				assertThat(sim.count()).isEqualTo(5);
			});
		}
	}

	@Test
	void healthWithoutAnApiKeyShouldBeDownSayingSoBeforeAnyCall() {
		try (ClaudeSimulator sim = ClaudeSimulator.builder().build().start()) {
			runner(sim, "claude.api-key=").run((context) -> {
				Health health = health(context);

				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat((Iterable<?>) health.getDetails().get("reasons")).singleElement()
					.isEqualTo(ClaudeApiKeyMissingException.REASON)
					.asString()
					.startsWith("no API key");
				assertThat(aggregate(context)).isEqualTo(Status.DOWN);
				assertThat(sim.count()).isZero();
			});
		}
	}

	@Test
	void healthShouldBeDownWhileEveryModelsBreakerIsOpenAndUpOnceOneCloses() {
		try (ClaudeSimulator sim = ClaudeSimulator.builder().outputTokens(20).build().start()) {
			runner(sim).run((context) -> {
				ClaudeClient client = context.getBean(ClaudeClient.class);
				MutableClock clock = context.getBean("claudeClock", MutableClock.class);
				sim.outage(MODEL);
				for (int i = 0; i < 5; i++) {
					assertThatException().isThrownBy(() -> client.send(REQUEST).block(TIMEOUT));
				}
				Health down = health(context);
				assertThat(down.getStatus()).isEqualTo(Status.DOWN);
				assertThat(down.getDetails()).containsEntry("circuitBreakers", Map.of(MODEL, "OPEN"));
				assertThat((Iterable<?>) down.getDetails().get("reasons")).singleElement()
					.isEqualTo("every model's circuit breaker is open");
				int sent = sim.count();
				assertThatException().isThrownBy(() -> client.send(REQUEST).block(TIMEOUT));
				assertThat(sim.count()).isEqualTo(sent);

				clock.advance(Duration.ofSeconds(31));
				sim.clearOutage(MODEL);
				send(client, 2);
				Health up = health(context);
				assertThat(up.getStatus()).isEqualTo(Status.UP);
				assertThat(up.getDetails()).containsEntry("circuitBreakers", Map.of(MODEL, "CLOSED"));
			});
		}
	}

	@Test
	void healthIndicatorShouldBeAbsentWhenDisabled() {
		try (ClaudeSimulator sim = ClaudeSimulator.builder().build().start()) {
			runner(sim, "management.health.claude.enabled=false")
				.run((context) -> assertThat(context).doesNotHaveBean("claudeHealthIndicator")
					.hasSingleBean(ClaudeOverview.class));
		}
	}

	private static ClaudeSimulator simulatorWithRequestsPerMinute(long requestsPerMinute) {
		// a bucket that holds a whole minute: remaining counts down from the limit, and the
		// simulator's clock stands still, so that nothing refills however slowly the calls go
		return ClaudeSimulator.builder()
			.clock(Clock.fixed(Instant.now(), ZoneOffset.UTC))
			.outputTokens(20)
			.limits("sonnet", new SimulatedLimits(requestsPerMinute, null, null, Duration.ofMinutes(1)))
			.build()
			.start();
	}

	private static void send(ClaudeClient client, int calls) {
		for (int i = 0; i < calls; i++) {
			assertThat(client.send(REQUEST).block(TIMEOUT).text()).isNotEmpty();
		}
	}

	private static Health health(AssertableApplicationContext context) {
		return context.getBean("claudeHealthIndicator", ClaudeHealthIndicator.class).health();
	}

	private static Status aggregate(AssertableApplicationContext context) {
		return context.getBean(HealthEndpoint.class).health().getStatus();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> detail(Health health, String key) {
		return (Map<String, Object>) health.getDetails().get(key);
	}

	static ApplicationContextRunner runner(ClaudeSimulator sim, String... properties) {
		return new ApplicationContextRunner()
			.withInitializer((context) -> new ClaudeDefaultsEnvironmentPostProcessor()
				.postProcessEnvironment(context.getEnvironment(), null))
			.withInitializer((context) -> new DegradedStatusEnvironmentPostProcessor()
				.postProcessEnvironment(context.getEnvironment(), null))
			.withBean("claudeClock", MutableClock.class, () -> new MutableClock(Instant.now()))
			.withConfiguration(AutoConfigurations.of(ClaudeAutoConfiguration.class,
					ClaudeObservabilityAutoConfiguration.class, WebClientAutoConfiguration.class,
					RetryAutoConfiguration.class, CircuitBreakerAutoConfiguration.class,
					RateLimiterAutoConfiguration.class))
			.withConfiguration(SpringBootLine.healthEndpoint())
			.withPropertyValues("claude.base-url=" + sim.baseUrl(), "claude.api-key=" + sim.apiKey(),
					"ANTHROPIC_API_KEY=", "resilience4j.retry.instances.claude.max-attempts=1")
			.withPropertyValues(properties);
	}

}
