package dev.clauderesilience.autoconfigure;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

import dev.clauderesilience.advisor.TierAdvisor;
import dev.clauderesilience.breaker.ModelCircuitBreakers;
import dev.clauderesilience.errors.AuthenticationGuard;
import dev.clauderesilience.autoconfigure.health.ClaudeEndpoint;
import dev.clauderesilience.autoconfigure.health.ClaudeHealthIndicator;
import dev.clauderesilience.health.ClaudeHealthNames;
import dev.clauderesilience.health.ClaudeOverview;
import dev.clauderesilience.health.OutcomeTracker;
import dev.clauderesilience.metrics.ClaudeMetricsObserver;
import dev.clauderesilience.metrics.RateLimitHeaderLogger;
import dev.clauderesilience.observation.ClaudeObservationConvention;
import dev.clauderesilience.observation.ClaudeObservationObserver;
import dev.clauderesilience.observation.DefaultClaudeObservationConvention;
import dev.clauderesilience.ratelimit.ClaudeRateLimiter;

/**
 * Auto-configuration of the observability of the {@code ClaudeClient}: an {@code Observation}
 * per call (on the application's {@link ObservationRegistry}, named and tagged by the
 * {@link ClaudeObservationConvention} bean), Micrometer meters, the DEBUG log of rate-limit
 * headers, the tier-upgrade advisor, the {@code claude} health indicator and the {@code claude}
 * actuator endpoint. Each is a {@code ClaudeObserver} bean or reads the pipeline's beans, so the
 * pipeline knows nothing of them.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ClaudeAutoConfiguration.class,
		afterName = { "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
				"org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration" },
		// the starter's CacheManager must exist before cache metrics look for one
		beforeName = "org.springframework.boot.actuate.autoconfigure.metrics.cache.CacheMetricsAutoConfiguration")
@ConditionalOnBean(ClaudeRateLimiter.class)
@EnableConfigurationProperties(ClaudeObservabilityProperties.class)
public class ClaudeObservabilityAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(ClaudeObservabilityAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	RateLimitHeaderLogger claudeRateLimitHeaderLogger(ClaudeRateLimiter limiter) {
		return new RateLimitHeaderLogger(limiter);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(name = "claude.advisor.enabled", matchIfMissing = true)
	TierAdvisor claudeTierAdvisor(ClaudeRateLimiter limiter, ClaudeProperties properties,
			ClaudeObservabilityProperties observability, @Qualifier("claudeClock") Clock clock) {
		return new TierAdvisor(limiter, properties.getLimits().getWarnUtilization(), observability.getWindow(),
				observability.getMinBusyMinutes(), clock);
	}

	@Bean
	@ConditionalOnMissingBean
	ClaudeObservationConvention claudeObservationConvention() {
		return new DefaultClaudeObservationConvention();
	}

	/**
	 * Each call an observation, on the application's registry; without one, on
	 * {@link ObservationRegistry#NOOP}, which costs a call one check.
	 */
	@Bean
	@ConditionalOnMissingBean
	ClaudeObservationObserver claudeObservationObserver(ObjectProvider<ObservationRegistry> registry,
			ClaudeObservationConvention convention) {
		return new ClaudeObservationObserver(registry.getIfUnique(() -> ObservationRegistry.NOOP), convention);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class MetricsConfiguration {

		private static final String SPRING_AI_METERS = "org.springframework.ai.chat.observation.ChatModelMeterObservationHandler";

		@Bean
		@ConditionalOnMissingBean
		ClaudeMetricsObserver claudeMetricsObserver(MeterRegistry registry, ClaudeRateLimiter limiter,
				ClaudeProperties properties, @Qualifier("claudeClock") Clock clock) {
			String prefix = properties.getObservability().getGenAiMeterPrefix();
			if ("gen_ai".equals(prefix) && ClassUtils.isPresent(SPRING_AI_METERS, getClass().getClassLoader())) {
				logger.warn("claude.observability.gen-ai-meter-prefix=gen_ai beside Spring AI: Spring AI registers "
						+ "gen_ai.client.token.usage as a counter with other tag keys, so that name is two instruments "
						+ "and queries by name mix them. Remove the property to name the starter's meters claude.client.*.");
			}
			ClaudeMetricsObserver observer = new ClaudeMetricsObserver(registry, limiter, properties.getModel(), clock,
					prefix);
			List<String> chain = new ArrayList<>();
			chain.add(properties.getModel());
			chain.addAll(properties.getFallbackModels());
			observer.registerAtZero(chain);
			return observer;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	static class OverviewConfiguration {

		@Bean
		@ConditionalOnMissingBean
		OutcomeTracker claudeOutcomeTracker() {
			return new OutcomeTracker();
		}

		@Bean
		@ConditionalOnMissingBean
		ClaudeOverview claudeOverview(ClaudeRateLimiter limiter, ModelCircuitBreakers breakers,
				AuthenticationGuard authenticationGuard, OutcomeTracker outcomes, ObjectProvider<TierAdvisor> advisor,
				ClaudeProperties properties, @Qualifier("claudeClock") Clock clock) {
			return new ClaudeOverview(limiter, breakers, authenticationGuard, outcomes, advisor.getIfAvailable(),
					properties.getModel(), properties.getLimits().getWarnUtilization(), clock);
		}

		@Bean(name = "claudeHealthIndicator")
		@ConditionalOnMissingBean(name = "claudeHealthIndicator")
		@ConditionalOnEnabledHealthIndicator(ClaudeHealthNames.INDICATOR)
		ClaudeHealthIndicator claudeHealthIndicator(ClaudeOverview overview) {
			return new ClaudeHealthIndicator(overview);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint
		ClaudeEndpoint claudeEndpoint(ClaudeOverview overview) {
			return new ClaudeEndpoint(overview);
		}

	}

}
