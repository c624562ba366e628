package dev.clauderesilience.autoconfigure;

import java.time.Duration;

import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.springboot3.ratelimiter.autoconfigure.RateLimiterAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.web.reactive.function.client.WebClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.clauderesilience.ratelimit.ClaudeRateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiter;

import dev.clauderesilience.ratelimit.LimitStore.Dimension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limiter's buckets live in the application's Resilience4j registry, and the standard
 * {@code resilience4j.ratelimiter.instances.*} keys override them.
 */
class RateLimiterRegistryTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClaudeAutoConfiguration.class, WebClientAutoConfiguration.class,
				RateLimiterAutoConfiguration.class))
		.withPropertyValues("claude.api-key=sk-test", "ANTHROPIC_API_KEY=", "claude.limits.requests-per-minute=120",
				"claude.limits.input-tokens-per-minute=60000");

	@Test
	void bucketsShouldBeRegisteredUnderTheirGroupAndDimension() {
		this.runner.run((context) -> {
			ClaudeRateLimiter limiter = context.getBean(ClaudeRateLimiter.class);
			limiter.group("claude-sonnet-4-5");
			RateLimiterRegistry registry = context.getBean(RateLimiterRegistry.class);

			RateLimiter requests = registry.find("claude-sonnet-requests").orElseThrow();
			assertThat(registry.find("claude-sonnet-input-tokens")).isPresent();
			assertThat(registry.find("claude-sonnet-output-tokens")).as("not limited").isEmpty();
			// 120 per minute with 2 s of burst: 4 at once, a full bucket's worth every 2 s
			assertThat(requests.getRateLimiterConfig().getLimitForPeriod()).isEqualTo(4);
			assertThat(requests.getRateLimiterConfig().getLimitRefreshPeriod()).isEqualTo(Duration.ofSeconds(2));
			assertThat(requests.getMetrics().getAvailablePermissions()).as("starts half full").isEqualTo(2);
			assertThat(limiter.group("claude-sonnet-4-5").configuredPerMinute(Dimension.REQUESTS)).isEqualTo(120);
		});
	}

	@Test
	void resilience4jInstancePropertiesShouldOverrideABucket() {
		this.runner
			.withPropertyValues("resilience4j.ratelimiter.instances.claude-sonnet-requests.limit-for-period=5",
					"resilience4j.ratelimiter.instances.claude-sonnet-requests.limit-refresh-period=1s",
					"resilience4j.ratelimiter.instances.claude-sonnet-requests.timeout-duration=3s")
			.run((context) -> {
				ClaudeRateLimiter limiter = context.getBean(ClaudeRateLimiter.class);
				limiter.group("claude-sonnet-4-5");
				RateLimiter requests = context.getBean(RateLimiterRegistry.class).find("claude-sonnet-requests").orElseThrow();

				// 5 per second is 300 per minute, with 1 s (5 requests) of burst
				assertThat(limiter.group("claude-sonnet-4-5").configuredPerMinute(Dimension.REQUESTS)).isEqualTo(300);
				assertThat(requests.getRateLimiterConfig().getLimitForPeriod()).isEqualTo(5);
				assertThat(requests.getRateLimiterConfig().getTimeoutDuration()).isEqualTo(Duration.ofSeconds(3));
				assertThat(limiter.group("claude-haiku-4-5").configuredPerMinute(Dimension.REQUESTS))
					.as("other groups keep claude.limits").isEqualTo(120);
			});
	}

}
