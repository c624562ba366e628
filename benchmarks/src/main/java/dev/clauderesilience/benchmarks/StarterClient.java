package dev.clauderesilience.benchmarks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import dev.clauderesilience.client.ClaudeClient;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.test.ClaudeSimulator;

/**
 * The starter as an application gets it: a Spring Boot context with the auto-configured
 * {@link ClaudeClient}, limits set to the simulator's, everything else at its defaults.
 */
final class StarterClient implements BenchmarkClient {

	private final ConfigurableApplicationContext context;

	private final ClaudeClient client;

	private final int maxTokens;

	private final String name;

	private StarterClient(ConfigurableApplicationContext context, int maxTokens, String name) {
		this.context = context;
		this.name = name;
		this.client = context.getBean(ClaudeClient.class);
		this.maxTokens = maxTokens;
	}

	static StarterClient forScenario(ClaudeSimulator simulator, Scenario scenario) {
		return forScenario(simulator, scenario, null);
	}

	/**
	 * A starter for a scenario, with its limits, and an output reservation other than the default.
	 * @param simulator the simulator
	 * @param scenario the scenario
	 * @param outputReservation {@code claude.limits.output-reservation}, or {@code null} for the default
	 * @return the client
	 */
	static StarterClient forScenario(ClaudeSimulator simulator, Scenario scenario, String outputReservation) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("claude.limits.requests-per-minute", scenario.requestsPerMinute());
		properties.put("claude.limits.input-tokens-per-minute", scenario.inputTokensPerMinute());
		properties.put("claude.limits.output-tokens-per-minute", scenario.outputTokensPerMinute());
		properties.put("claude.limits.burst", scenario.burst().toMillis() + "ms");
		if (outputReservation != null) {
			properties.put("claude.limits.output-reservation", outputReservation);
		}
		return new StarterClient(context(simulator, properties), scenario.maxTokens(),
				(outputReservation != null) ? "starter (" + outputReservation + ")" : "starter");
	}

	/**
	 * A context for the simulator with extra {@code claude.*} (or other) properties.
	 * @param simulator the simulator
	 * @param extra more properties
	 * @return the started context
	 */
	static ConfigurableApplicationContext context(ClaudeSimulator simulator, Map<String, Object> extra) {
		return context(simulator.baseUrl(), simulator.apiKey(), extra);
	}

	/**
	 * A context for a simulator at this address with extra {@code claude.*} (or other) properties.
	 * @param baseUrl the simulator's base URL
	 * @param apiKey its API key
	 * @param extra more properties
	 * @return the started context
	 */
	static ConfigurableApplicationContext context(String baseUrl, String apiKey, Map<String, Object> extra) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("claude.base-url", baseUrl);
		properties.put("claude.api-key", apiKey);
		properties.put("claude.model", Scenario.MODEL);
		properties.put("spring.main.banner-mode", "off");
		properties.put("logging.level.root", "WARN");
		properties.putAll(extra);
		return new SpringApplicationBuilder(BenchmarkApplication.class).web(WebApplicationType.NONE)
			.properties(properties)
			.logStartupInfo(false)
			.run();
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public void call(String prompt) {
		this.client.send(ClaudeRequest.of(Scenario.MODEL, this.maxTokens, prompt)).block(Duration.ofMinutes(5));
	}

	@Override
	public void close() {
		this.context.close();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class BenchmarkApplication {

	}

}
