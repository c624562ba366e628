package dev.clauderesilience.autoconfigure.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Starts the simulator for the application context of a test annotated with
 * {@link AutoConfigureClaudeSimulator}, before the context refreshes, so that the client is
 * built against it.
 */
class ClaudeSimulatorContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		AutoConfigureClaudeSimulator annotation = MergedAnnotations.from(testClass, SearchStrategy.TYPE_HIERARCHY)
			.get(AutoConfigureClaudeSimulator.class)
			.synthesize(org.springframework.core.annotation.MergedAnnotation::isPresent)
			.orElse(null);
		if (annotation == null || !EmbeddedSimulator.isAvailable(testClass.getClassLoader())) {
			return null;
		}
		return new Customizer(annotation.fastRetries());
	}

	// equal for equal settings, so that Spring's test context cache shares the context
	private record Customizer(boolean fastRetries) implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration configuration) {
			Map<String, Object> extra = new LinkedHashMap<>();
			if (this.fastRetries) {
				String retry = "resilience4j.retry.instances.claude.";
				extra.put(retry + "max-attempts", "3");
				extra.put(retry + "wait-duration", "10ms");
				extra.put(retry + "exponential-max-wait-duration", "50ms");
			}
			var environment = context.getEnvironment();
			if (environment.getPropertySources().contains(EmbeddedSimulator.PROPERTY_SOURCE_NAME)) {
				// claude.simulator.enabled already started one (a local profile): test against it
				environment.getPropertySources()
					.addFirst(new org.springframework.core.env.MapPropertySource("claudeTestRetries", extra));
				return;
			}
			var simulator = EmbeddedSimulator.start(environment, extra);
			EmbeddedSimulator.register(context, simulator);
		}

	}

}
