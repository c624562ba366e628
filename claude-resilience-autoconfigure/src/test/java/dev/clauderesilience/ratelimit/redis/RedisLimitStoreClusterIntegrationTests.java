package dev.clauderesilience.ratelimit.redis;

import java.time.Duration;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Disabled;
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
import dev.clauderesilience.ratelimit.LimitStore;
import dev.clauderesilience.test.ClaudeSimulator;
import dev.clauderesilience.test.redis.LocalRedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Limits shared through a Redis Cluster ({@link LocalRedis#startCluster(int) three masters}), as
 * Spring Boot connects to one with {@code spring.data.redis.cluster.nodes}.
 * <p>
 * Today the keys of a group are not hash-tagged ({@code cluster:sonnet:requests},
 * {@code cluster:sonnet:paused-until}, {@code cluster:daily:all:<date>} fall in different slots),
 * so the cluster refuses the reservation script with
 * {@code CROSSSLOT Keys in request don't hash to the same slot} (Lettuce's
 * {@code RedisCommandExecutionException}, which the store turns into
 * {@code LimitStoreUnavailableException: Redis did not answer: Error in execution}). No call is
 * lost: the limiter paces on its local share and reports
 * {@code redis unavailable: limits are local with a 0.5 share}, but nothing is shared.
 */
class RedisLimitStoreClusterIntegrationTests {

	private static final ClaudeRequest REQUEST = ClaudeRequest.of("claude-sonnet-4-5", 64, "Say hello");

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@Test
	@Disabled("enabled when the store hash-tags its keys")
	void limitsSharedThroughARedisClusterShouldStayOnRedis() {
		try (LocalRedis cluster = LocalRedis.startCluster(3);
				ClaudeSimulator sim = ClaudeSimulator.builder().outputTokens(20).build().start()) {
			StarterContext.on(sim, "claude.limits.store=redis", "claude.limits.redis.key-prefix=cluster",
					"claude.limits.requests-per-minute=6000", "claude.limits.tokens-per-day=1000000")
				.withPropertyValues(cluster.springProperties())
				.withConfiguration(AutoConfigurations.of(RedisAutoConfiguration.class,
						RedisReactiveAutoConfiguration.class))
				.run((context) -> {
					LimitStore store = context.getBean(LimitStore.class);
					ClaudeRateLimiter limiter = context.getBean(ClaudeRateLimiter.class);
					ReactiveStringRedisTemplate redis = context.getBean(ReactiveStringRedisTemplate.class);
					// the store on its own first, to see what Redis answers a reservation
					LimitStore.GroupLimits limits = new LimitStore.GroupLimits("sonnet",
							new LimitStore.Bucket(6000, 100), null, null, "all", 1_000_000L, ZoneOffset.UTC,
							Duration.ZERO);
					Object reservation = store.reserve(limits, 10, 10)
						.map(Object.class::cast)
						.onErrorResume(Mono::just)
						.block(TIMEOUT);
					String degradedAfterReservation = limiter.degradedReason().orElse("none");
					long answered = Flux.range(0, 10)
						.flatMap((i) -> context.getBean(ClaudeClient.class)
							.send(REQUEST)
							.map((response) -> 1L)
							.onErrorResume((ex) -> Mono.just(0L)))
						.reduce(0L, Long::sum)
						.block(TIMEOUT);
					Boolean bucketInRedis = redis.hasKey("cluster:sonnet:requests").block(TIMEOUT);
					System.out.printf("Redis Cluster of 3 masters: a reservation answered %s (cause: %s); degraded "
							+ "after it: %s; %d of 10 calls answered, upstream requests %d, degraded then: %s, "
							+ "requests bucket in Redis: %s%n", reservation, rootCause(reservation),
							degradedAfterReservation, answered, sim.count(), limiter.degradedReason().orElse("none"),
							bucketInRedis);
					assertThat(answered).isEqualTo(10);
					assertThat(reservation).isInstanceOf(LimitStore.Reservation.class);
					assertThat(((LimitStore.Reservation) reservation).outcome()).isEqualTo(LimitStore.Outcome.GRANTED);
					assertThat(limiter.degradedReason()).isEmpty();
					assertThat(bucketInRedis).isTrue();
				});
		}
	}

	private static Object rootCause(Object outcome) {
		if (!(outcome instanceof Throwable failure)) {
			return "none";
		}
		Throwable cause = failure;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause.getClass().getName() + ": " + cause.getMessage();
	}

}
