package dev.clauderesilience.sample;

import java.util.Map;

import org.apache.commons.logging.Log;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

import dev.clauderesilience.test.ClaudeSimulator;

/**
 * Runs the application on an embedded {@link ClaudeSimulator} when no API key is set
 * ({@code claude.api-key} or the {@code ANTHROPIC_API_KEY} environment variable), so that the
 * sample works from a fresh clone without ever calling the real API. The simulator is started
 * before any bean exists, {@code claude.base-url} and {@code claude.api-key} are pointed at it,
 * and it is registered as the {@code claudeSimulator} bean, stopped when the context closes.
 */
class EmbeddedSimulatorEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String PROPERTY_SOURCE_NAME = "claudeEmbeddedSimulator";

	static final String SIMULATOR_BEAN_NAME = "claudeSimulator";

	private final Log logger;

	EmbeddedSimulatorEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(EmbeddedSimulatorEnvironmentPostProcessor.class);
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.getPropertySources().contains(PROPERTY_SOURCE_NAME) || hasApiKey(environment)) {
			return;
		}
		SimulatorProperties properties = Binder.get(environment)
			.bind(SimulatorProperties.PREFIX, SimulatorProperties.class)
			.orElseGet(SimulatorProperties::new);
		ClaudeSimulator simulator = properties.buildSimulator().start();
		// first, so that the simulator wins over a base-url in application.yml
		environment.getPropertySources()
			.addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME,
					Map.of("claude.base-url", simulator.baseUrl(), "claude.api-key", simulator.apiKey())));
		application.addInitializers((context) -> registerSimulator(context, simulator));
		this.logger.info("No claude.api-key set: running on the embedded Claude API simulator at "
				+ simulator.baseUrl() + " (no real API calls)");
	}

	private static boolean hasApiKey(ConfigurableEnvironment environment) {
		return StringUtils.hasText(environment.getProperty("claude.api-key"))
				|| StringUtils.hasText(environment.getProperty("ANTHROPIC_API_KEY"));
	}

	// one way for every kind of context: the simulator as a bean, stopped when the context closes
	private static void registerSimulator(ConfigurableApplicationContext context, ClaudeSimulator simulator) {
		context.getBeanFactory().registerSingleton(SIMULATOR_BEAN_NAME, simulator);
		context.addApplicationListener(new SimulatorShutdown(context, simulator));
	}

}
