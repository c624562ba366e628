package dev.clauderesilience.autoconfigure.simulator;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.web.reactive.function.client.WebClientAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;

import dev.clauderesilience.autoconfigure.ClaudeAutoConfiguration;
import dev.clauderesilience.breaker.ModelCircuitBreakers;
import dev.clauderesilience.client.ClaudeClient;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeResponse;
import dev.clauderesilience.client.ClaudeUnavailableException;
import io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot3.retry.autoconfigure.RetryAutoConfiguration;
import dev.clauderesilience.test.ClaudeSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The test kit's support for Spring Boot tests: the client talks to the simulator, failures are
 * retried in milliseconds, and one test's outage and open breaker do not reach the next.
 */
@SpringBootTest(properties = { "claude.model=claude-sonnet-4-5",
		"resilience4j.circuitbreaker.instances.claude.minimum-number-of-calls=2",
		"resilience4j.circuitbreaker.instances.claude.sliding-window-size=2" })
@AutoConfigureClaudeSimulator
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AutoConfigureClaudeSimulatorTests {

	private static final ClaudeRequest REQUEST = ClaudeRequest.of("claude-sonnet-4-5", 50, "Hello");

	@Autowired
	private ClaudeClient client;

	@Autowired
	private ClaudeSimulator simulator;

	@Autowired
	private ModelCircuitBreakers breakers;

	@Test
	@Order(1)
	void anOutageShouldFailCalmlyWithinMillisecondsOfRetries() {
		this.simulator.outage("claude-sonnet-4-5");
		for (int i = 0; i < 2; i++) {
			Throwable failure = catchThrowable(() -> this.client.send(REQUEST).block(Duration.ofSeconds(10)));
			assertThat(failure).isInstanceOf(ClaudeUnavailableException.class);
		}
		assertThat(this.breakers.states()).containsEntry("claude-sonnet-4-5", CircuitBreaker.State.OPEN);
	}

	@Test
	@Order(2)
	void theNextTestShouldFindTheSimulatorAndTheStarterAsNew() {
		assertThat(this.simulator.journal()).isEmpty();
		assertThat(this.breakers.states()).containsEntry("claude-sonnet-4-5", CircuitBreaker.State.CLOSED);

		ClaudeResponse answer = this.client.send(REQUEST).block(Duration.ofSeconds(10));

		assertThat(answer.model()).isEqualTo("claude-sonnet-4-5");
		assertThat(this.simulator.count()).isEqualTo(1);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ ClaudeAutoConfiguration.class, WebClientAutoConfiguration.class,
			RetryAutoConfiguration.class, CircuitBreakerAutoConfiguration.class })
	static class Application {

	}

}
