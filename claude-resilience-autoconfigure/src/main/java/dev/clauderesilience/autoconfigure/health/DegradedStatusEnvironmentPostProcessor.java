package dev.clauderesilience.autoconfigure.health;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import dev.clauderesilience.health.ClaudeHealthNames;

/**
 * Makes {@link ClaudeHealthIndicator#DEGRADED DEGRADED} a known health status: contributes
 * {@code management.endpoint.health.status.order} ({@value ClaudeHealthNames#STATUS_ORDER}) as
 * the lowest-precedence default, so that an application's own order wins (it should then list
 * {@code DEGRADED} too). Spring Boot's aggregator ignores statuses missing from the order. No
 * HTTP mapping is needed: every status but DOWN and OUT_OF_SERVICE maps to 200.
 *
 * @since 0.1.0
 */
public class DegradedStatusEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String PROPERTY_SOURCE_NAME = "claudeHealthStatusDefaults";

	static final String STATUS_ORDER_PROPERTY = "management.endpoint.health.status.order";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
			environment.getPropertySources()
				.addLast(new MapPropertySource(PROPERTY_SOURCE_NAME,
						Map.of(STATUS_ORDER_PROPERTY, ClaudeHealthNames.STATUS_ORDER)));
		}
	}

}
