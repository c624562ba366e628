package dev.clauderesilience.ratelimit.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.cache.CacheAutoConfiguration;
import org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration;
import org.springframework.boot.autoconfigure.data.redis.RedisReactiveAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import dev.clauderesilience.autoconfigure.health.ClaudeHealthIndicator;
import dev.clauderesilience.autoconfigure.ClaudeObservabilityAutoConfiguration;
import dev.clauderesilience.autoconfigure.StarterContext;
import dev.clauderesilience.client.ClaudeClient;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeResponse;
import dev.clauderesilience.health.ClaudeHealthNames;
import dev.clauderesilience.ratelimit.ClaudeRateLimiter;
import dev.clauderesilience.ratelimit.LimitStore;
import dev.clauderesilience.ratelimit.TenantBudgetExceededException;
import dev.clauderesilience.test.ClaudeSimulator;
import dev.clauderesilience.test.JournalEntry;
import dev.clauderesilience.test.SimulatedLimits;
import dev.clauderesilience.test.redis.LocalRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Limits shared through a real Redis (a {@code redis-server} that {@link LocalRedis} starts on a
 * free port): several instances stay under one strict limit together, reservations are atomic,
 * the daily budget survives a restart, the response cache serves every instance, and a Redis
 * outage costs no call.
 */
class RedisLimitStoreIntegrationTests {

	private static final String MODEL = "claude-sonnet-4-5";

	private static final ClaudeRequest REQUEST = ClaudeRequest.of(MODEL, 64, "Say hello");

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static LocalRedis redis;

	@BeforeAll
	static void startRedis() {
		redis = LocalRedis.start();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	void threeInstancesSharingRedisShouldStayUnderOneStrictLimitWhereLocalInstancesDoNot() {
		// each local instance alone paces at the whole limit: together they go three times over it
		// for seconds, however fast or slow the machine is
		SimulatedLimits strict = SimulatedLimits.of(1200, 0, 0).withBurst(Duration.ofSeconds(2));
		Figures shared;
		try (ClaudeSimulator sim = ClaudeSimulator.builder().outputTokens(20).limits("sonnet", strict).build().start()) {
			shared = saturate(sim, redisRunner(sim, "saturation", "claude.limits.requests-per-minute=1200"));
		}
		Figures local;
		try (ClaudeSimulator sim = ClaudeSimulator.builder().outputTokens(20).limits("sonnet", strict).build().start()) {
			local = saturate(sim, StarterContext.on(sim, "claude.limits.requests-per-minute=1200"));
		}
		System.out.printf("Three instances at a shared 1200 RPM: redis store %d calls, %d caller failures, %d upstream "
				+ "requests, %d upstream 429s; local store %d calls, %d caller failures, %d upstream requests, "
				+ "%d upstream 429s%n", shared.calls, shared.failures, shared.upstream, shared.rateLimited, local.calls,
				local.failures, local.upstream, local.rateLimited);
		assertThat(shared.failures).isZero();
		assertThat(shared.rateLimited).isLessThanOrEqualTo(shared.upstream / 100);
		// the simulator's retry-after pauses local instances too, so their 429s come in waves, not all
		assertThat(local.rateLimited).isGreaterThanOrEqualTo(5).isGreaterThan(shared.rateLimited);
	}

	private static Figures saturate(ClaudeSimulator sim, ApplicationContextRunner runner) {
		List<Figures> figures = new ArrayList<>();
		runner.run((a) -> runner.run((b) -> runner.run((c) -> {
			List<ClaudeClient> clients = List.of(a.getBean(ClaudeClient.class), b.getBean(ClaudeClient.class),
					c.getBean(ClaudeClient.class));
			// one call each first, so that connection set-up does not bunch the first burst
			clients.forEach((client) -> client.send(REQUEST).block(TIMEOUT));
			List<Boolean> outcomes = Flux.fromIterable(clients)
				.flatMap((client) -> Flux.range(0, 80)
					.flatMap((i) -> client.send(REQUEST).map((response) -> true).onErrorResume((ex) -> Mono.just(false)),
							80))
				.collectList()
				.block(TIMEOUT);
			List<JournalEntry> journal = sim.journal();
			figures.add(new Figures(outcomes.size(), outcomes.stream().filter((ok) -> !ok).count(), journal.size(),
					journal.stream().filter((entry) -> entry.status() == 429).count()));
		})));
		return figures.get(0);
	}

	@Test
	void concurrentReservationsFromSeveralInstancesShouldNeverExceedTheBucket() {
		// a stopped clock: nothing refills, so exactly the starting level (half of 100) may go now
		Clock stopped = Clock.fixed(Instant.now(), ZoneOffset.UTC);
		LimitStore.GroupLimits limits = new LimitStore.GroupLimits("sonnet", new LimitStore.Bucket(3000, 100), null,
				null, 0.1, Duration.ofSeconds(30));
		LimitStore.Claim claim = new LimitStore.Claim(ClaudeRequest.Priority.INTERACTIVE, "default",
				new LimitStore.Amounts(1, 0, 0), List.of());
		List<LettuceConnectionFactory> factories = new ArrayList<>();
		try {
			List<RedisLimitStore> stores = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				LettuceConnectionFactory factory = new LettuceConnectionFactory(
						new RedisStandaloneConfiguration("127.0.0.1", redis.port()));
				factory.afterPropertiesSet();
				factories.add(factory);
				stores.add(new RedisLimitStore(new ReactiveStringRedisTemplate(factory), "atomicity", Duration.ofSeconds(5),
						Duration.ofSeconds(5), stopped));
			}
			List<LimitStore.Decision> decisions = Flux.range(0, 400)
				.flatMap((i) -> stores.get(i % 4).reserve(limits, claim), 400)
				.collectList()
				.block(TIMEOUT);
			long granted = decisions.stream().filter((decision) -> decision.outcome() == LimitStore.Outcome.GRANTED).count();
			System.out.printf("Atomicity: 400 parallel reservations from 4 instances on a bucket of capacity 100 "
					+ "(level 50, no refill): %d granted%n", granted);
			assertThat(granted).isEqualTo(50);
		}
		finally {
			factories.forEach(LettuceConnectionFactory::destroy);
		}
	}

	@Test
	void dailyBudgetShouldSurviveARestartOfTheInstance() {
		try (ClaudeSimulator sim = ClaudeSimulator.builder().outputTokens(20).build().start()) {
			ApplicationContextRunner runner = redisRunner(sim, "daily", "claude.limits.tokens-per-day=100",
					"claude.limits.output-reservation=max-tokens");
			runner.run((context) -> assertThat(context.getBean(ClaudeClient.class).send(REQUEST).block(TIMEOUT))
				.isNotNull());
			String used = redisTemplateValue("{daily:budgets}:daily:all:" + LocalDate.now(ZoneOffset.UTC));
			// after a restart: what the first instance used is still counted, so 80 more do not fit
			runner.run((context) -> {
				Object failure = context.getBean(ClaudeClient.class)
					.send(ClaudeRequest.of(MODEL, 80, "Say hello"))
					.map(Object.class::cast)
					.onErrorResume(Mono::just)
					.block(TIMEOUT);
				System.out.printf("Daily budget across a restart: %s tokens used before, next call: %s, upstream "
						+ "requests %d%n", used, failure, sim.count());
				assertThat(failure).isInstanceOf(Throwable.class);
			});
			assertThat(Long.parseLong(used)).isPositive();
			assertThat(sim.count()).isEqualTo(1);
		}
	}

	@Test
	void responseCachedByOneInstanceShouldServeAnother() {
		try (ClaudeSimulator sim = ClaudeSimulator.builder().outputTokens(20).build().start()) {
			ApplicationContextRunner runner = redisRunner(sim, "cache", "claude.cache.mode=always",
					"spring.cache.type=redis", "spring.cache.cache-names=claude-responses",
					"spring.cache.redis.key-prefix=cache-test:")
				.withConfiguration(AutoConfigurations.of(CacheAutoConfiguration.class))
				.withUserConfiguration(Caching.class);
			ClaudeRequest request = ClaudeRequest.of(MODEL, 64, "Cache me");
			runner.run((a) -> runner.run((b) -> {
				ClaudeResponse first = a.getBean(ClaudeClient.class).send(request).block(TIMEOUT);
				ClaudeResponse second = b.getBean(ClaudeClient.class).send(request).block(TIMEOUT);
				System.out.printf("Cache across instances: A %s, B %s, upstream requests %d%n", first.source(),
						second.source(), sim.count());
				assertThat(a.getBean(CacheManager.class)).isInstanceOf(RedisCacheManager.class);
				assertThat(second.source()).isEqualTo(ClaudeResponse.Source.CACHE);
				assertThat(sim.count()).isEqualTo(1);
			}));
		}
	}

	@Test
	void redisKilledMidRunShouldLoseNoCallAndReportDegradedUntilItIsBack() {
		try (LocalRedis own = LocalRedis.start();
				ClaudeSimulator sim = ClaudeSimulator.builder().outputTokens(20).build().start()) {
			StarterContext.on(sim, "claude.limits.store=redis", "claude.limits.redis.key-prefix=outage",
					"claude.limits.requests-per-minute=6000", "claude.limits.redis.timeout=200ms",
					"claude.limits.redis.retry-interval=100ms", "spring.data.redis.host=127.0.0.1",
					"spring.data.redis.port=" + own.port())
				.withConfiguration(AutoConfigurations.of(RedisAutoConfiguration.class,
						RedisReactiveAutoConfiguration.class, ClaudeObservabilityAutoConfiguration.class))
				.run((context) -> {
					ClaudeClient client = context.getBean(ClaudeClient.class);
					ClaudeRateLimiter limiter = context.getBean(ClaudeRateLimiter.class);
					HealthIndicator health = context.getBean("claudeHealthIndicator", HealthIndicator.class);
					// the first command connects and loads the script, which a slow machine may not do
					// within the 200 ms timeout: on Redis before the calls that are counted
					untilBackOnRedis(client, limiter);
					assertThat(sendAll(client, 20)).isEqualTo(20);
					Status before = health.health().getStatus();

					own.kill();
					long duringOutage = sendAll(client, 20);
					Status down = health.health().getStatus();
					Object reasons = health.health().getDetails().get(ClaudeHealthNames.REASONS);
					String reason = limiter.degradedReason().orElse(null);

					own.restart();
					long afterwards = untilBackOnRedis(client, limiter);
					Status after = health.health().getStatus();
					System.out.printf("Redis outage: before %s; killed: %d of 20 calls answered, health %s, %s; "
							+ "restarted: %d calls until back on Redis, health %s, %d upstream requests%n", before,
							duringOutage, down, reasons, afterwards, after, sim.count());
					assertThat(before).isEqualTo(Status.UP);
					assertThat(duringOutage).isEqualTo(20);
					assertThat(down).isEqualTo(ClaudeHealthIndicator.DEGRADED);
					assertThat(reason).isEqualTo("redis unavailable: limits are local with a 0.5 share");
					assertThat(reasons).asString().contains(reason);
					assertThat(limiter.degradedReason()).isEmpty();
					assertThat(after).isEqualTo(Status.UP);
				});
		}
	}

	@Test
	void aTenantOverItsDailyBudgetInRedisShouldBeRefusedWithoutCallingTheApi() {
		try (ClaudeSimulator sim = ClaudeSimulator.builder().outputTokens(20).build().start()) {
			redisRunner(sim, "tenant-budget", "claude.limits.tenants.tiny.tokens-per-day=1").run((context) -> {
				ClaudeClient client = context.getBean(ClaudeClient.class);
				ClaudeRequest request = ClaudeRequest.builder().model(MODEL).maxTokens(64).tenant("tiny").user("Hi").build();

				assertThatThrownBy(() -> client.send(request).block(TIMEOUT))
					.isInstanceOfSatisfying(TenantBudgetExceededException.class, (ex) -> {
						assertThat(ex.tenant()).isEqualTo("tiny");
						assertThat(ex.resetsAt()).isEqualTo(LocalDate.now(ZoneOffset.UTC).plusDays(1)
							.atStartOfDay(ZoneOffset.UTC)
							.toInstant());
					});
				assertThat(sim.count()).isZero();
				assertThat(context.getBean(ClaudeRateLimiter.class).degradedReason()).isEmpty();
			});
		}
	}

	private static long sendAll(ClaudeClient client, int calls) {
		return Flux.range(0, calls)
			.flatMap((i) -> client.send(REQUEST).map((response) -> 1L).onErrorResume((ex) -> Mono.just(0L)), calls)
			.reduce(0L, Long::sum)
			.block(TIMEOUT);
	}

	// one call at a time until the limits are on Redis again (at most 15 s): the calls answered
	private static long untilBackOnRedis(ClaudeClient client, ClaudeRateLimiter limiter) {
		long answered = sendAll(client, 1);
		Instant deadline = Instant.now().plusSeconds(15);
		while (limiter.degradedReason().isPresent() && Instant.now().isBefore(deadline)) {
			answered += sendAll(client, 1);
		}
		return answered;
	}

	// a timeout of 5 s: the first command connects and loads the scripts, which is not what these test
	private static ApplicationContextRunner redisRunner(ClaudeSimulator sim, String keyPrefix, String... properties) {
		List<String> all = new ArrayList<>(List.of("claude.limits.store=redis", "claude.limits.redis.key-prefix=" + keyPrefix,
				"claude.limits.redis.timeout=5s"));
		all.addAll(List.of(redis.springProperties()));
		return StarterContext.on(sim, all.toArray(String[]::new))
			.withPropertyValues(properties)
			.withConfiguration(AutoConfigurations.of(RedisAutoConfiguration.class, RedisReactiveAutoConfiguration.class));
	}

	private static String redisTemplateValue(String key) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", redis.port()));
		factory.afterPropertiesSet();
		try {
			return new ReactiveStringRedisTemplate(factory).opsForValue().get(key).block(TIMEOUT);
		}
		finally {
			factory.destroy();
		}
	}

	// as an application that caches with Spring's Redis cache: @EnableCaching and spring.cache.type=redis
	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class Caching {

	}

	private record Figures(long calls, long failures, long upstream, long rateLimited) {
	}

}
