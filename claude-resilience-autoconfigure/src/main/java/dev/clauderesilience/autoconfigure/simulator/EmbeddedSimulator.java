package dev.clauderesilience.autoconfigure.simulator;

import java.util.Map;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

import dev.clauderesilience.test.ClaudeSimulator;
import dev.clauderesilience.test.SimulatedFault;
import dev.clauderesilience.test.SimulatedLimits;

/**
 * Starts the test kit's simulator for an application context, points the client at it, and
 * stops it with the context: one way for local runs and for tests. Only loaded when the test
 * kit is on the classpath.
 */
final class EmbeddedSimulator {

	static final String PROPERTY_SOURCE_NAME = "claudeEmbeddedSimulator";

	/** The simulator's bean name. */
	static final String BEAN_NAME = "claudeSimulator";

	private static final String SIMULATOR_CLASS = "dev.clauderesilience.test.ClaudeSimulator";

	private EmbeddedSimulator() {
	}

	static boolean isAvailable(ClassLoader classLoader) {
		return ClassUtils.isPresent(SIMULATOR_CLASS, classLoader);
	}

	/**
	 * Starts a simulator configured by {@code claude.simulator.*} and puts its address and key
	 * first among the environment's property sources, with further properties.
	 * @param environment the environment
	 * @param extra further properties (fast retries for tests, say)
	 * @return the started simulator
	 */
	static ClaudeSimulator start(ConfigurableEnvironment environment, Map<String, Object> extra) {
		ClaudeSimulatorProperties properties = Binder.get(environment)
			.bind(ClaudeSimulatorProperties.PREFIX, ClaudeSimulatorProperties.class)
			.orElseGet(ClaudeSimulatorProperties::new);
		ClaudeSimulator simulator = build(properties).start();
		Map<String, Object> values = new java.util.LinkedHashMap<>(extra);
		values.put("claude.base-url", simulator.baseUrl());
		values.put("claude.api-key", simulator.apiKey());
		environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, values));
		return simulator;
	}

	static ClaudeSimulator build(ClaudeSimulatorProperties properties) {
		ClaudeSimulator.Builder builder = ClaudeSimulator.builder()
			.port(properties.getPort())
			.defaultLimits(new SimulatedLimits(properties.getRequestsPerMinute(), properties.getInputTokensPerMinute(),
					properties.getOutputTokensPerMinute(), properties.getBurst()))
			.generationDelayPerToken(properties.getGenerationDelayPerToken())
			.outputTokensBetween(properties.getMinOutputTokens(), properties.getMaxOutputTokens())
			.journalCapacity(properties.getJournalCapacity());
		if (!properties.getModels().isEmpty()) {
			builder.models(properties.getModels().toArray(String[]::new));
		}
		properties.getFaultRates().forEach((fault, rate) -> builder.faultRate(SimulatedFault.parse(fault), rate));
		ClaudeSimulator simulator = builder.build();
		properties.getOutages().forEach(simulator::outage);
		return simulator;
	}

	// the simulator as a bean, stopped when its own context (not a child's) closes
	static void register(ConfigurableApplicationContext context, ClaudeSimulator simulator) {
		context.getBeanFactory().registerSingleton(BEAN_NAME, simulator);
		context.addApplicationListener(new Shutdown(context, simulator));
	}

	private record Shutdown(ApplicationContext context, ClaudeSimulator simulator)
			implements ApplicationListener<ContextClosedEvent> {

		@Override
		public void onApplicationEvent(ContextClosedEvent event) {
			if (event.getApplicationContext() == this.context) {
				this.simulator.stop();
			}
		}

	}

}
