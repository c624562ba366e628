package dev.clauderesilience.autoconfigure.simulator;

import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.DefaultResourceLoader;

import dev.clauderesilience.autoconfigure.InvalidClaudePropertyException;
import dev.clauderesilience.test.ClaudeSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Local runs without a key: {@code claude.simulator.enabled} starts the test kit's simulator for
 * any application, and stops it with the context.
 */
class ClaudeSimulatorEnvironmentPostProcessorTests {

	@Test
	void enabledShouldPointTheClientAtAStartedSimulatorAndStopItWithTheContext() {
		ClaudeSimulator simulator;
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(EmptyConfiguration.class)
			.web(WebApplicationType.NONE)
			.run("--claude.simulator.enabled=true", "--claude.api-key=sk-ant-real-key-never-used",
					"--claude.base-url=https://api.anthropic.com", "--claude.simulator.requests-per-minute=60")) {
			simulator = context.getBean(ClaudeSimulator.class);
			assertThat(context.getEnvironment().getProperty("claude.base-url")).isEqualTo(simulator.baseUrl());
			assertThat(context.getEnvironment().getProperty("claude.api-key")).isEqualTo(simulator.apiKey());
		}
		assertThatIllegalStateException().isThrownBy(simulator::port);
	}

	@Test
	void notEnabledShouldKeepTheConfiguredApi() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(EmptyConfiguration.class)
			.web(WebApplicationType.NONE)
			.run("--claude.base-url=https://api.anthropic.com")) {
			assertThat(context.getBeanProvider(ClaudeSimulator.class).getIfAvailable()).isNull();
			assertThat(context.getEnvironment().getProperty("claude.base-url")).isEqualTo("https://api.anthropic.com");
		}
	}

	@Test
	void enabledWithoutTheTestKitShouldStopStartUpNamingTheProperty() {
		SpringApplicationBuilder application = new SpringApplicationBuilder(EmptyConfiguration.class)
			.web(WebApplicationType.NONE)
			.resourceLoader(new DefaultResourceLoader(new FilteredClassLoader(ClaudeSimulator.class)));
		assertThatExceptionOfType(InvalidClaudePropertyException.class)
			.isThrownBy(() -> application.run("--claude.simulator.enabled=true"))
			.withMessageContaining("claude.simulator.enabled");
	}

	@Configuration(proxyBeanMethods = false)
	static class EmptyConfiguration {

	}

}
