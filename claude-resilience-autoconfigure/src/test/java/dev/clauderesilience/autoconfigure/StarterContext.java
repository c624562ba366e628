package dev.clauderesilience.autoconfigure;

import io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot3.ratelimiter.autoconfigure.RateLimiterAutoConfiguration;
import io.github.resilience4j.springboot3.retry.autoconfigure.RetryAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.web.reactive.function.client.WebClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.clauderesilience.test.ClaudeSimulator;

/**
 * The starter as an application gets it (its defaults included), pointed at a simulator.
 */
public final class StarterContext {

	private StarterContext() {
	}

	/**
	 * A runner with the starter's auto-configuration and all its defaults, talking to the
	 * simulator.
	 * @param simulator the simulator
	 * @param properties further properties
	 * @return the runner
	 */
	public static ApplicationContextRunner withDefaults(ClaudeSimulator simulator, String... properties) {
		return new ApplicationContextRunner()
			.withInitializer((context) -> new ClaudeDefaultsEnvironmentPostProcessor()
				.postProcessEnvironment(context.getEnvironment(), null))
			.withConfiguration(AutoConfigurations.of(ClaudeAutoConfiguration.class, WebClientAutoConfiguration.class,
					RetryAutoConfiguration.class, CircuitBreakerAutoConfiguration.class,
					RateLimiterAutoConfiguration.class))
			// an empty value hides a real ANTHROPIC_API_KEY of the machine running the tests
			.withPropertyValues("claude.base-url=" + simulator.baseUrl(), "claude.api-key=" + simulator.apiKey(),
					"ANTHROPIC_API_KEY=")
			.withPropertyValues(properties);
	}

	/**
	 * A runner like {@link #withDefaults} with short retries (3 attempts, 10 ms apart), for
	 * tests about what happens rather than how long the backoff is.
	 * @param simulator the simulator
	 * @param properties further properties
	 * @return the runner
	 */
	public static ApplicationContextRunner on(ClaudeSimulator simulator, String... properties) {
		return withDefaults(simulator, "claude.model=claude-sonnet-4-5",
				"resilience4j.retry.instances.claude.wait-duration=10ms",
				"resilience4j.retry.instances.claude.max-attempts=3")
			.withPropertyValues(properties);
	}

}
