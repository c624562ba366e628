package dev.clauderesilience.autoconfigure.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot3.retry.autoconfigure.RetryAutoConfiguration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.web.reactive.function.client.WebClientAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.clauderesilience.autoconfigure.ClaudeAutoConfiguration;
import dev.clauderesilience.autoconfigure.ClaudeObservabilityAutoConfiguration;
import dev.clauderesilience.breaker.ModelCircuitBreakers;
import dev.clauderesilience.client.ClaudeApiException;
import dev.clauderesilience.client.ClaudeClient;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeResponse;
import dev.clauderesilience.client.ClaudeUnavailableException;
import dev.clauderesilience.ratelimit.CapacityWaitExceededException;
import dev.clauderesilience.ratelimit.DailyTokenBudgetExceededException;
import dev.clauderesilience.ratelimit.MutableClock;
import dev.clauderesilience.test.ClaudeSimulator;
import dev.clauderesilience.test.SimulatedFault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The test kit's support for Spring Boot tests: the client talks to the simulator, failures are
 * retried in milliseconds, and what one test leaves behind (an open breaker, a spent daily
 * budget, an empty request bucket, a rejected key, a cached answer) does not reach the next. The
 * client's clock stands still, so nothing refills between tests but the reset.
 */
@SpringBootTest(properties = { "claude.model=claude-sonnet-4-5",
		"resilience4j.circuitbreaker.instances.claude.minimum-number-of-calls=2",
		"resilience4j.circuitbreaker.instances.claude.sliding-window-size=2",
		"claude.limits.requests-per-minute=4", "claude.limits.burst=60s", "claude.limits.max-wait=50ms",
		"claude.limits.tokens-per-day=1000", "claude.limits.output-reservation=max-tokens",
		"claude.cache.mode=explicit", "claude.simulator.min-output-tokens=20",
		"claude.simulator.max-output-tokens=20", "claude.simulator.output-tokens-per-minute=1000000" })
@AutoConfigureClaudeSimulator
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AutoConfigureClaudeSimulatorTests {

	private static final String MODEL = "claude-sonnet-4-5";

	private static final ClaudeRequest REQUEST = ClaudeRequest.of(MODEL, 50, "Hello");

	private static final ClaudeRequest FAQ = ClaudeRequest.builder()
		.model(MODEL)
		.maxTokens(100)
		.user("What is the refund policy?")
		.cacheable(true)
		.build();

	// fits in the day's 1,000 tokens alone, but not beside anything already spent
	private static final ClaudeRequest LARGE = ClaudeRequest.of(MODEL, 990, "Hello");

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Autowired
	private ClaudeClient client;

	@Autowired
	private ClaudeSimulator simulator;

	@Autowired
	private ModelCircuitBreakers breakers;

	@Autowired
	private HealthIndicator claudeHealthIndicator;

	@Test
	@Order(1)
	void anOutageShouldFailCalmlyWithinMillisecondsOfRetries() {
		this.simulator.outage(MODEL);
		for (int i = 0; i < 2; i++) {
			assertThat(failure(REQUEST)).isInstanceOf(ClaudeUnavailableException.class);
		}
		assertThat(this.breakers.states()).containsEntry(MODEL, CircuitBreaker.State.OPEN);
	}

	@Test
	@Order(2)
	void aCachedAnswerAndASpentDailyBudgetShouldStayInTheirTest() {
		assertThat(send(FAQ).fromCache()).isFalse();
		assertThat(send(FAQ).fromCache()).isTrue();

		assertThat(failure(LARGE)).hasCauseInstanceOf(DailyTokenBudgetExceededException.class);
		assertThat(this.simulator.count()).isEqualTo(1);
	}

	@Test
	@Order(3)
	void anEmptyRequestBucketShouldStayInItsTest() {
		// a fresh bucket is half full, as after a restart: 2 of the minute's 4 requests go at once
		send(LARGE);
		send(REQUEST);

		assertThat(failure(REQUEST)).hasCauseInstanceOf(CapacityWaitExceededException.class);
		assertThat(requests()).containsEntry("clientRemaining", 2L);
		assertThat(this.simulator.count()).isEqualTo(2);
	}

	@Test
	@Order(4)
	void aRejectedKeyShouldStayInItsTest() {
		this.simulator.enqueueFault(SimulatedFault.status(401));
		assertThat(failure(REQUEST)).hasCauseInstanceOf(ClaudeApiException.Authentication.class);
		assertThat(failure(REQUEST)).isInstanceOf(ClaudeUnavailableException.class);

		Health health = this.claudeHealthIndicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat((Iterable<?>) health.getDetails().get("reasons")).singleElement()
			.asString()
			.contains("rejected the API key (401)");
		assertThat(this.simulator.count()).as("the second call is not sent").isEqualTo(1);
	}

	@Test
	@Order(5)
	void theNextTestShouldFindTheSimulatorAndTheStarterAsNew() {
		assertThat(this.simulator.journal()).isEmpty();
		assertThat(this.breakers.states()).containsEntry(MODEL, CircuitBreaker.State.CLOSED);
		Health health = this.claudeHealthIndicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).doesNotContainKeys("reasons", "authenticationFailedAt");
		assertThat(requests()).containsEntry("clientRemaining", 4L);
		assertThat(detail(health, "dailyTokens")).containsEntry("used", 0L).containsEntry("remaining", 1000L);

		// refused in earlier tests: the whole budget, then a request beyond the bucket's first two
		assertThat(send(LARGE).model()).as("the day's budget is whole again").isEqualTo(MODEL);
		assertThat(send(FAQ).fromCache()).as("the cached answer is gone").isFalse();
		assertThat(this.simulator.count()).isEqualTo(2);
	}

	private ClaudeResponse send(ClaudeRequest request) {
		return this.client.send(request).block(TIMEOUT);
	}

	private Throwable failure(ClaudeRequest request) {
		return catchThrowable(() -> this.client.send(request).block(TIMEOUT));
	}

	private Map<String, Object> requests() {
		return detail(this.claudeHealthIndicator.health(), "requests");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> detail(Health health, String key) {
		return (Map<String, Object>) health.getDetails().get(key);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ ClaudeAutoConfiguration.class, ClaudeObservabilityAutoConfiguration.class,
			WebClientAutoConfiguration.class, RetryAutoConfiguration.class, CircuitBreakerAutoConfiguration.class })
	static class Application {

		@Bean
		Clock claudeClock() {
			return new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
		}

	}

}
