package dev.clauderesilience.sample;

import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;

import dev.clauderesilience.test.ClaudeSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * When {@link EmbeddedSimulatorEnvironmentPostProcessor} starts a simulator, and that it stops
 * it again.
 */
class EmbeddedSimulatorEnvironmentPostProcessorTests {

	private final EmbeddedSimulatorEnvironmentPostProcessor postProcessor = new EmbeddedSimulatorEnvironmentPostProcessor(
			Supplier::get);

	@Test
	void postProcessEnvironmentWhenApiKeySetShouldKeepTheConfiguredApi() {
		MockEnvironment environment = new MockEnvironment().withProperty("claude.api-key", "sk-ant-real")
			.withProperty("claude.base-url", "https://api.anthropic.com");
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getPropertySources()
			.contains(EmbeddedSimulatorEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)).isFalse();
		assertThat(environment.getProperty("claude.base-url")).isEqualTo("https://api.anthropic.com");
	}

	@Test
	void postProcessEnvironmentWhenAnthropicApiKeyVariableSetShouldKeepTheConfiguredApi() {
		MockEnvironment environment = new MockEnvironment().withProperty("ANTHROPIC_API_KEY", "sk-ant-real");
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getPropertySources()
			.contains(EmbeddedSimulatorEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)).isFalse();
	}

	@Test
	void closeWhenRunningOnTheEmbeddedSimulatorShouldStopIt() {
		ClaudeSimulator simulator;
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(EmptyConfiguration.class)
			.web(WebApplicationType.NONE)
			.run("--claude.api-key=", "--ANTHROPIC_API_KEY=", "--claude.base-url=https://api.anthropic.com")) {
			simulator = context.getBean(ClaudeSimulator.class);
			assertThat(context.getEnvironment().getProperty("claude.base-url")).isEqualTo(simulator.baseUrl());
			assertThat(context.getEnvironment().getProperty("claude.api-key")).isEqualTo(simulator.apiKey());
		}
		assertThatIllegalStateException().isThrownBy(simulator::port);
	}

	@Configuration(proxyBeanMethods = false)
	static class EmptyConfiguration {

	}

}
