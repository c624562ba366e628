package dev.clauderesilience.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot3.ratelimiter.autoconfigure.RateLimiterAutoConfiguration;
import io.github.resilience4j.springboot3.retry.autoconfigure.RetryAutoConfiguration;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.cache.CacheMetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.web.reactive.function.client.WebClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.clauderesilience.autoconfigure.ClaudeAutoConfiguration;
import dev.clauderesilience.autoconfigure.ClaudeDefaultsEnvironmentPostProcessor;
import dev.clauderesilience.autoconfigure.ClaudeObservabilityAutoConfiguration;
import dev.clauderesilience.client.ClaudeClient;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.test.ClaudeSimulator;
import dev.clauderesilience.test.SimulatedFault;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configured client's meters after traffic on the Claude API simulator: the stated
 * names, tags and percentiles, Spring's cache meters for the response cache, and a number of
 * meters and tag values that does not grow with distinct prompts.
 */
class MetricsIntegrationTests {

	private static final String MODEL = "claude-sonnet-4-5";

	private static final String FALLBACK = "claude-haiku-4-5";

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@Test
	void trafficShouldProduceTheStatedMetersWithBoundedTags() {
		try (ClaudeSimulator sim = ClaudeSimulator.builder().outputTokens(20).build().start()) {
			runner(sim).run((context) -> {
				ClaudeClient client = context.getBean(ClaudeClient.class);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				sim.enqueueFault(SimulatedFault.status(529));
				client.send(ClaudeRequest.of(MODEL, 100, "Prompt 0")).block(TIMEOUT);
				int metersAfterOneCall = registry.getMeters().size();

				Flux.range(1, 999)
					.flatMap((i) -> client.send(ClaudeRequest.of(MODEL, 100, "Prompt " + i + ": " + "word ".repeat(i % 50))),
							16)
					.blockLast(TIMEOUT);
				client.send(ClaudeRequest.of(MODEL, 100, "Prompt 7: " + "word ".repeat(7))).block(TIMEOUT);

				assertThat(registry.get("claude.requests").tags("model", MODEL, "outcome", "success").counter().count())
					.isEqualTo(1000);
				assertThat(registry.get("claude.requests").tags("model", MODEL, "outcome", "cache_hit").counter().count())
					.isEqualTo(1);
				assertThat(registry.get("claude.retries").tags("model", MODEL, "reason", "overloaded_error").counter().count())
					.isEqualTo(1);
				assertThat(registry.get("claude.client.operation.duration")
					.tags("gen_ai.request.model", MODEL, "gen_ai.response.model", MODEL, "outcome", "success")
					.timer()
					.count()).isEqualTo(1000);
				assertThat(registry.get("claude.client.token.usage")
					.tags("gen_ai.token.type", "output", "gen_ai.request.model", MODEL, "gen_ai.response.model", MODEL)
					.summary()
					.totalAmount()).isEqualTo(20 * 1000);
				assertThat(registry.get("claude.client.token.usage").tags("gen_ai.token.type", "input").summary().count())
					.isEqualTo(1000);
				// client-side percentiles are published as their own gauges
				assertThat(registry.find("claude.client.token.usage.percentile").gauges()).extracting(
						(gauge) -> gauge.getId().getTag("phi"))
					.contains("0.5", "0.95", "0.99");
				assertThat(registry.get("claude.ratelimit.limit").tags("group", "sonnet", "dimension", "requests").gauge()
					.value()).isPositive();
				assertThat(registry.get("claude.ratelimit.remaining").tags("group", "sonnet", "dimension", "input_tokens")
					.gauge()
					.value()).isPositive();
				assertThat(registry.get("claude.ratelimit.utilization").tags("group", "sonnet", "dimension", "tokens")
					.gauge()
					.value()).isBetween(0.0, 1.0);
				assertThat(registry.get("claude.daily.tokens.used").tag("group", "sonnet").gauge().value()).isNaN();
				assertThat(registry.get("cache.gets").tags("cache", "claude-responses", "result", "hit").functionCounter()
					.count()).isEqualTo(1);

				Set<String> tagValues = registry.getMeters()
					.stream()
					.map(Meter::getId)
					.flatMap((id) -> id.getTags().stream())
					.map(Tag::getValue)
					.collect(Collectors.toSet());
				System.out.printf("1,000 distinct prompts: %d meters (%d after the first call), %d distinct tag values%n",
						registry.getMeters().size(), metersAfterOneCall, tagValues.size());
				assertThat(tagValues).noneMatch((value) -> value.contains("Prompt") || value.contains(sim.apiKey()));
				assertThat(registry.getMeters()).hasSizeLessThan(metersAfterOneCall + 10);
			});
		}
	}

	@Test
	void retryAndFallbackMetersShouldBeAtZeroBeforeTheFirstCallAndCountOnThem() {
		try (ClaudeSimulator sim = ClaudeSimulator.builder().outputTokens(20).build().start()) {
			runner(sim).withPropertyValues("claude.model=" + MODEL, "claude.fallback-models=" + FALLBACK)
				.run((context) -> {
					MeterRegistry registry = context.getBean(MeterRegistry.class);

					// what a dashboard or an alert finds before any traffic
					for (String model : List.of(MODEL, FALLBACK)) {
						assertThat(registry.find("claude.retries").tag("model", model).counters())
							.extracting((counter) -> counter.getId().getTag("reason"))
							.contains("rate_limit_error", "overloaded_error", "api_error", "timeout",
									"connection_error");
						assertThat(registry.find("claude.retries").tag("model", model).counters())
							.allSatisfy((counter) -> assertThat(counter.count()).isZero());
					}
					assertThat(registry.get("claude.fallbacks").tags("from", MODEL, "to", FALLBACK).counter().count())
						.isZero();
					assertThat(sim.count()).isZero();

					sim.enqueueFault(SimulatedFault.status(529));
					context.getBean(ClaudeClient.class).send(ClaudeRequest.of(MODEL, 100, "Hello")).block(TIMEOUT);
					sim.outage(MODEL);
					context.getBean(ClaudeClient.class).send(ClaudeRequest.of(MODEL, 100, "Hello again")).block(TIMEOUT);

					assertThat(registry.get("claude.retries").tags("model", MODEL, "reason", "overloaded_error")
						.counter()
						.count()).isGreaterThanOrEqualTo(1);
					assertThat(registry.get("claude.fallbacks").tags("from", MODEL, "to", FALLBACK).counter().count())
						.isEqualTo(1);
				});
		}
	}

	private static ApplicationContextRunner runner(ClaudeSimulator sim) {
		return new ApplicationContextRunner()
			.withInitializer((context) -> new ClaudeDefaultsEnvironmentPostProcessor()
				.postProcessEnvironment(context.getEnvironment(), null))
			.withConfiguration(AutoConfigurations.of(ClaudeAutoConfiguration.class,
					ClaudeObservabilityAutoConfiguration.class, WebClientAutoConfiguration.class,
					RetryAutoConfiguration.class, CircuitBreakerAutoConfiguration.class,
					RateLimiterAutoConfiguration.class, MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
					CacheMetricsAutoConfiguration.class))
			.withPropertyValues("claude.base-url=" + sim.baseUrl(), "claude.api-key=" + sim.apiKey(),
					"ANTHROPIC_API_KEY=", "claude.cache.mode=always",
					"resilience4j.retry.instances.claude.wait-duration=1ms",
					"resilience4j.retry.instances.claude.enable-randomized-wait=false");
	}

}
