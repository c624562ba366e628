package dev.clauderesilience.springai;

import io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot3.ratelimiter.autoconfigure.RateLimiterAutoConfiguration;
import io.github.resilience4j.springboot3.retry.autoconfigure.RetryAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.web.reactive.function.client.WebClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.clauderesilience.autoconfigure.ClaudeAutoConfiguration;
import dev.clauderesilience.autoconfigure.ClaudeDefaultsEnvironmentPostProcessor;
import dev.clauderesilience.springai.autoconfigure.ClaudeSpringAiAutoConfiguration;
import dev.clauderesilience.test.ClaudeSimulator;

/**
 * The starter and this module as an application gets them, pointed at a simulator, with short
 * retries (3 attempts, 10 ms apart) and no client-side limits: tests about what happens, not
 * about how long the backoff is.
 */
public final class SpringAiContext {

	private SpringAiContext() {
	}

	/**
	 * A runner with the auto-configurations and the starter's defaults, talking to the simulator.
	 * @param simulator the simulator
	 * @param properties further properties
	 * @return the runner
	 */
	public static ApplicationContextRunner on(ClaudeSimulator simulator, String... properties) {
		return new ApplicationContextRunner()
			.withInitializer((context) -> new ClaudeDefaultsEnvironmentPostProcessor()
				.postProcessEnvironment(context.getEnvironment(), null))
			.withConfiguration(AutoConfigurations.of(ClaudeAutoConfiguration.class, WebClientAutoConfiguration.class,
					RetryAutoConfiguration.class, CircuitBreakerAutoConfiguration.class,
					RateLimiterAutoConfiguration.class, ClaudeSpringAiAutoConfiguration.class))
			// an empty value hides a real ANTHROPIC_API_KEY of the machine running the tests
			.withPropertyValues("claude.base-url=" + simulator.baseUrl(), "claude.api-key=" + simulator.apiKey(),
					"ANTHROPIC_API_KEY=", "claude.model=claude-sonnet-4-5", "claude.max-tokens=256",
					"resilience4j.retry.instances.claude.wait-duration=10ms",
					"resilience4j.retry.instances.claude.max-attempts=3")
			.withPropertyValues(properties);
	}

}
