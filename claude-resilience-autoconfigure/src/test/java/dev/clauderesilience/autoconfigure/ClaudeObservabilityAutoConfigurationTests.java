package dev.clauderesilience.autoconfigure;

import io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot3.ratelimiter.autoconfigure.RateLimiterAutoConfiguration;
import io.github.resilience4j.springboot3.retry.autoconfigure.RetryAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.web.reactive.function.client.WebClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.clauderesilience.advisor.TierAdvisor;
import dev.clauderesilience.autoconfigure.health.ClaudeEndpoint;
import dev.clauderesilience.autoconfigure.health.ClaudeHealthIndicator;
import dev.clauderesilience.health.OutcomeTracker;
import dev.clauderesilience.metrics.ClaudeMetricsObserver;
import dev.clauderesilience.metrics.RateLimitHeaderLogger;
import dev.clauderesilience.observation.ClaudeObservationObserver;
import dev.clauderesilience.observation.ClaudeObserver;
import dev.clauderesilience.observation.DefaultClaudeObservationConvention;

import static org.assertj.core.api.Assertions.assertThat;

class ClaudeObservabilityAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClaudeAutoConfiguration.class,
				ClaudeObservabilityAutoConfiguration.class, WebClientAutoConfiguration.class,
				RetryAutoConfiguration.class, CircuitBreakerAutoConfiguration.class,
				RateLimiterAutoConfiguration.class))
		.withPropertyValues("claude.api-key=sk-ant-test", "ANTHROPIC_API_KEY=");

	@Test
	void observersShouldBeBeansThePipelineIsToldAbout() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(RateLimitHeaderLogger.class)
				.hasSingleBean(TierAdvisor.class)
				.hasSingleBean(OutcomeTracker.class)
				.hasBean("claudeHealthIndicator")
				.hasSingleBean(ClaudeObservationObserver.class)
				.hasSingleBean(DefaultClaudeObservationConvention.class)
				.doesNotHaveBean(ClaudeMetricsObserver.class);
			assertThat(context.getBeansOfType(ClaudeObserver.class)).hasSize(4);
		});
	}

	@Test
	void metricsObserverShouldBeConfiguredWhenThereIsAMeterRegistry() {
		this.runner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(ClaudeMetricsObserver.class));
	}

	@Test
	void healthIndicatorShouldBackOffWhenDisabled() {
		this.runner.withPropertyValues("management.health.claude.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ClaudeHealthIndicator.class));
	}

	@Test
	void advisorShouldBackOffWhenDisabled() {
		this.runner.withPropertyValues("claude.advisor.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TierAdvisor.class).hasBean("claudeHealthIndicator"));
	}

	@Test
	void endpointShouldBeAvailableOnceExposed() {
		this.runner.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=claude")
			.run((context) -> assertThat(context).hasSingleBean(ClaudeEndpoint.class));
	}

	@Test
	void anAdvisorWindowShorterThanAMinuteShouldFailWithTheProperty() {
		this.runner.withPropertyValues("claude.advisor.window=30s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidClaudePropertyException.class)
				.hasMessageContaining("claude.advisor.window"));
	}

	@Test
	void degradedShouldBeAddedToTheHealthStatusOrderUnlessTheApplicationSetsOne() {
		new ApplicationContextRunner()
			.withInitializer((context) -> new dev.clauderesilience.autoconfigure.health.DegradedStatusEnvironmentPostProcessor()
				.postProcessEnvironment(context.getEnvironment(), null))
			.run((context) -> assertThat(context.getEnvironment().getProperty("management.endpoint.health.status.order"))
				.isEqualTo("DOWN,OUT_OF_SERVICE,DEGRADED,UP,UNKNOWN"));
		new ApplicationContextRunner().withPropertyValues("management.endpoint.health.status.order=FATAL,DOWN,UP")
			.withInitializer((context) -> new dev.clauderesilience.autoconfigure.health.DegradedStatusEnvironmentPostProcessor()
				.postProcessEnvironment(context.getEnvironment(), null))
			.run((context) -> assertThat(context.getEnvironment().getProperty("management.endpoint.health.status.order"))
				.isEqualTo("FATAL,DOWN,UP"));
	}

}
