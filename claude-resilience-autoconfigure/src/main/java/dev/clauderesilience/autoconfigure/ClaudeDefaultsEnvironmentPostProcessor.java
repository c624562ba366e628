package dev.clauderesilience.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Adds the starter's defaults for the Resilience4j {@code claude} retry and circuit breaker as
 * the lowest-precedence property source, so that any value the application sets with the
 * standard {@code resilience4j.*.instances.claude.*} keys wins.
 *
 * @since 0.1.0
 */
public class ClaudeDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String PROPERTY_SOURCE_NAME = "claudeResilienceDefaults";

	static final Map<String, Object> DEFAULTS = defaults();

	private static Map<String, Object> defaults() {
		Map<String, Object> defaults = new LinkedHashMap<>();
		String retry = "resilience4j.retry.instances.claude.";
		// practice: first wait 1 s, doubling, with jitter, capped at 60 s, 6 attempts in all
		defaults.put(retry + "max-attempts", "6");
		defaults.put(retry + "wait-duration", "1s");
		defaults.put(retry + "enable-exponential-backoff", "true");
		defaults.put(retry + "exponential-backoff-multiplier", "2");
		defaults.put(retry + "exponential-max-wait-duration", "60s");
		defaults.put(retry + "enable-randomized-wait", "true");
		defaults.put(retry + "randomized-wait-factor", "0.5");
		String breaker = "resilience4j.circuitbreaker.instances.claude.";
		// open after a burst of failures (5 in the last 10 calls), probe again after 30 s
		defaults.put(breaker + "sliding-window-type", "COUNT_BASED");
		defaults.put(breaker + "sliding-window-size", "10");
		defaults.put(breaker + "minimum-number-of-calls", "5");
		defaults.put(breaker + "failure-rate-threshold", "50");
		defaults.put(breaker + "wait-duration-in-open-state", "30s");
		defaults.put(breaker + "permitted-number-of-calls-in-half-open-state", "2");
		defaults.put(breaker + "automatic-transition-from-open-to-half-open-enabled", "false");
		return Map.copyOf(defaults);
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
			environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, DEFAULTS));
		}
	}

}
