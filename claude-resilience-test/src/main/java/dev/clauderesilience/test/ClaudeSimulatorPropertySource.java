package dev.clauderesilience.test;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points a Spring test's {@code claude.*} properties at a {@link ClaudeSimulator}, for use in a
 * {@code @DynamicPropertySource} method.
 *
 * @author claude-resilience
 * @since 0.1.0
 */
public final class ClaudeSimulatorPropertySource {

	/**
	 * Property holding the base URL of the Claude API.
	 */
	public static final String BASE_URL_PROPERTY = "claude.base-url";

	/**
	 * Property holding the API key.
	 */
	public static final String API_KEY_PROPERTY = "claude.api-key";

	private ClaudeSimulatorPropertySource() {
	}

	/**
	 * Registers {@code claude.base-url} and {@code claude.api-key} for the simulator.
	 * @param registry the registry of the {@code @DynamicPropertySource} method
	 * @param simulator the simulator, started before the context reads the properties
	 */
	public static void register(DynamicPropertyRegistry registry, ClaudeSimulator simulator) {
		registry.add(BASE_URL_PROPERTY, simulator::baseUrl);
		registry.add(API_KEY_PROPERTY, simulator::apiKey);
	}

}
