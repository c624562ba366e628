package dev.clauderesilience.autoconfigure.simulator;

import java.util.Map;

import org.apache.commons.logging.Log;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;

import dev.clauderesilience.autoconfigure.InvalidClaudePropertyException;

/**
 * Local runs without an API key: with {@code claude.simulator.enabled=true} (in a local profile,
 * say) and the test kit on the classpath, the application starts the embedded Claude API
 * simulator before any bean exists and talks to it instead of the real API. The simulator is the
 * {@code claudeSimulator} bean, stopped with the context.
 */
class ClaudeSimulatorEnvironmentPostProcessor implements EnvironmentPostProcessor {

	private final Log logger;

	ClaudeSimulatorEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(ClaudeSimulatorEnvironmentPostProcessor.class);
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!Boolean.parseBoolean(environment.getProperty(ClaudeSimulatorProperties.PREFIX + ".enabled"))
				|| environment.getPropertySources().contains(EmbeddedSimulator.PROPERTY_SOURCE_NAME)) {
			return;
		}
		ClassLoader classLoader = (application != null) ? application.getClassLoader() : getClass().getClassLoader();
		if (!EmbeddedSimulator.isAvailable(classLoader)) {
			throw new InvalidClaudePropertyException("claude.simulator.enabled", "true",
					"needs the simulator of dev.clauderesilience:claude-resilience-test on the classpath",
					"Add claude-resilience-test to the application's dependencies (for local runs only), "
							+ "or set claude.simulator.enabled=false.");
		}
		Starter.start(environment, application, this.logger);
	}

	// apart, so that nothing of the test kit is loaded unless it is there
	private static final class Starter {

		static void start(ConfigurableEnvironment environment, SpringApplication application, Log logger) {
			var simulator = EmbeddedSimulator.start(environment, Map.of());
			if (application != null) {
				application.addInitializers((context) -> EmbeddedSimulator.register(context, simulator));
			}
			logger.info("claude.simulator.enabled: running on the embedded Claude API simulator at "
					+ simulator.baseUrl() + " (no real API calls)");
		}

	}

}
