package dev.clauderesilience.ratelimit.redis;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration;
import org.springframework.boot.autoconfigure.data.redis.RedisReactiveAutoConfiguration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import dev.clauderesilience.autoconfigure.StarterContext;
import dev.clauderesilience.client.ClaudeClient;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.ratelimit.ClaudeRateLimiter;
import dev.clauderesilience.test.ClaudeSimulator;
import dev.clauderesilience.test.redis.LocalRedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Limits shared through a Redis Cluster ({@link LocalRedis#startCluster(int) three masters}), as
 * Spring Boot connects to one with {@code spring.data.redis.cluster.nodes}: every key of a group
 * carries the group's hash tag, so each script touches one slot and the limits stay on Redis.
 */
class RedisLimitStoreClusterIntegrationTests {

	private static final ClaudeRequest REQUEST = ClaudeRequest.of("claude-sonnet-4-5", 64, "Say hello");

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@Test
	void limitsSharedThroughARedisClusterShouldStayOnRedis() {
		try (LocalRedis cluster = LocalRedis.startCluster(3);
				ClaudeSimulator sim = ClaudeSimulator.builder().outputTokens(20).build().start()) {
			StarterContext.on(sim, "claude.limits.store=redis", "claude.limits.redis.key-prefix=cluster",
					"claude.limits.requests-per-minute=6000", "claude.limits.tokens-per-day=1000000",
					"claude.limits.tenant-tokens-per-day=100000",
					// the first commands find the cluster's nodes and load the scripts: not what this tests
					"claude.limits.redis.timeout=5s")
				.withPropertyValues(cluster.springProperties())
				.withConfiguration(AutoConfigurations.of(RedisAutoConfiguration.class,
						RedisReactiveAutoConfiguration.class))
				.run((context) -> {
					ClaudeRateLimiter limiter = context.getBean(ClaudeRateLimiter.class);
					ReactiveStringRedisTemplate redis = context.getBean(ReactiveStringRedisTemplate.class);
					long answered = Flux.range(0, 10)
						.flatMap((i) -> context.getBean(ClaudeClient.class)
							.send(REQUEST.toBuilder().tenant("acme").build())
							.map((response) -> 1L)
							.onErrorResume((ex) -> Mono.just(0L)))
						.reduce(0L, Long::sum)
						.block(TIMEOUT);
					Boolean bucketsInRedis = redis.hasKey("{cluster:sonnet}:buckets").block(TIMEOUT);
					String tenantUsed = redis.opsForValue()
						.get("{cluster:budgets}:daily:tenant:acme:" + LocalDate.now(ZoneOffset.UTC))
						.block(TIMEOUT);
					System.out.printf("Redis Cluster of 3 masters: %d of 10 calls answered, upstream requests %d, "
							+ "degraded: %s, group hash in Redis: %s, tenant acme used today: %s%n", answered,
							sim.count(), limiter.degradedReason().orElse("no"), bucketsInRedis, tenantUsed);
					assertThat(answered).isEqualTo(10);
					assertThat(limiter.degradedReason()).isEmpty();
					assertThat(bucketsInRedis).isTrue();
					assertThat(Long.parseLong(tenantUsed)).isPositive();
				});
		}
	}

}
