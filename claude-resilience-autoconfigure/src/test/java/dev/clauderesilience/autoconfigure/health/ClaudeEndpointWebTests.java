package dev.clauderesilience.autoconfigure.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.clauderesilience.client.ClaudeClient;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.ratelimit.MutableClock;
import dev.clauderesilience.test.ClaudeSimulator;
import dev.clauderesilience.test.ClaudeSimulatorPropertySource;
import dev.clauderesilience.test.SimulatedLimits;

/**
 * {@code /actuator/claude} and {@code /actuator/health} of a whole application on a web server,
 * with the starter's auto-configuration as an application gets it: the endpoint's JSON shape,
 * and DEGRADED as a known status answered with HTTP 200.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ANTHROPIC_API_KEY=", "management.endpoints.web.exposure.include=health,claude",
				"management.endpoint.health.show-details=always",
				// Spring Data Redis is on this module's test class path, for the shared-limits tests
				"management.health.redis.enabled=false", "claude.cache.mode=always",
				"resilience4j.retry.instances.claude.max-attempts=1" })
class ClaudeEndpointWebTests {

	private static final String MODEL = "claude-sonnet-4-5";

	// the simulator's and the starter's clocks stand still: no refill between the calls and no
	// minute ending among them, however slowly the machine runs them
	private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

	// a bucket holding a whole minute of 10 requests: 9 calls use 90%
	private static final ClaudeSimulator simulator = ClaudeSimulator.builder()
		.clock(Clock.fixed(NOW, ZoneOffset.UTC))
		.outputTokens(20)
		.limits("sonnet", new SimulatedLimits(10L, null, null, Duration.ofMinutes(1)))
		.build()
		.start();

	// built here rather than injected: Spring Boot 4 injects one only on request
	@Value("${local.server.port}")
	private int port;

	private WebTestClient web;

	@Autowired
	private ClaudeClient client;

	@DynamicPropertySource
	static void claude(DynamicPropertyRegistry registry) {
		// claude.api-key set explicitly, so that an ANTHROPIC_API_KEY in the environment plays no part
		ClaudeSimulatorPropertySource.register(registry, simulator);
	}

	@BeforeEach
	void bindToTheServer() {
		this.web = WebTestClient.bindToServer().baseUrl("http://localhost:" + this.port).build();
	}

	@AfterAll
	static void stopSimulator() {
		simulator.close();
	}

	@Test
	void claudeEndpointShouldReturnTheWholePictureAndHealthShouldAnswerDegradedWith200() {
		for (int i = 0; i < 9; i++) {
			this.client.send(ClaudeRequest.of(MODEL, 100, "Question " + i)).block(Duration.ofSeconds(30));
		}
		// answered from the cache: no request, no limit used
		this.client.send(ClaudeRequest.of(MODEL, 100, "Question 0")).block(Duration.ofSeconds(30));

		this.web.get()
			.uri("/actuator/claude")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status").isEqualTo("DEGRADED")
			.jsonPath("$.utilization").isEqualTo(0.9)
			.jsonPath("$.warnUtilization").isEqualTo(0.8)
			.jsonPath("$.reasons[0]").value((reason) -> org.assertj.core.api.Assertions.assertThat((String) reason)
				.contains("utilization 90%"))
			.jsonPath("$.modelGroups.sonnet.limits.requests.limit").isEqualTo(10)
			.jsonPath("$.modelGroups.sonnet.limits.requests.remaining").isEqualTo(1)
			.jsonPath("$.modelGroups.sonnet.limits.requests.reset").isNotEmpty()
			.jsonPath("$.modelGroups.sonnet.limits.inputTokens.limit").isNumber()
			.jsonPath("$.modelGroups.sonnet.limits.outputTokens.remaining").isNumber()
			.jsonPath("$.modelGroups.sonnet.limits.tokens.limit").isNumber()
			.jsonPath("$.modelGroups.sonnet.limits.rateLimitHeaders").isNotEmpty()
			.jsonPath("$.modelGroups.sonnet.usage.window").isEqualTo("PT1H")
			.jsonPath("$.modelGroups.sonnet.usage.busyMinutes").isEqualTo(0)
			.jsonPath("$.modelGroups.sonnet.usage.history").isArray()
			.jsonPath("$.circuitBreakers." + MODEL).isEqualTo("CLOSED")
			.jsonPath("$.fallbackActive").isEqualTo(false)
			.jsonPath("$.cache.calls").isEqualTo(10)
			.jsonPath("$.cache.hits").isEqualTo(1)
			.jsonPath("$.cache.hitRatio").isEqualTo(0.1)
			.jsonPath("$.tierAdvice").isArray();

		this.web.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status").isEqualTo("DEGRADED")
			.jsonPath("$.components.claude.status").isEqualTo("DEGRADED")
			.jsonPath("$.components.claude.details.requests.remaining").isEqualTo(1)
			.jsonPath("$.components.claude.details.tierAdvice").isArray();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

		@Bean
		Clock claudeClock() {
			return new MutableClock(NOW);
		}

	}

}
