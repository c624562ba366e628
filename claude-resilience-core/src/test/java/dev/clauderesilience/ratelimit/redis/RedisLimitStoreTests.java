package dev.clauderesilience.ratelimit.redis;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import dev.clauderesilience.client.ClaudeRequest.Priority;
import dev.clauderesilience.ratelimit.LimitStore.Amounts;
import dev.clauderesilience.ratelimit.LimitStore.Bucket;
import dev.clauderesilience.ratelimit.LimitStore.Budget;
import dev.clauderesilience.ratelimit.LimitStore.BudgetRefusal;
import dev.clauderesilience.ratelimit.LimitStore.Claim;
import dev.clauderesilience.ratelimit.LimitStore.Decision;
import dev.clauderesilience.ratelimit.LimitStore.GroupLimits;
import dev.clauderesilience.ratelimit.LimitStore.Outcome;
import dev.clauderesilience.ratelimit.LimitStore.Settlement;
import dev.clauderesilience.ratelimit.LimitStore.Waiting;
import dev.clauderesilience.ratelimit.MutableClock;
import dev.clauderesilience.test.redis.LocalRedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances' stores on one real Redis, a single node and a three-master cluster, on a clock
 * the test moves: what the scripts decide, for lanes, tenants, the learned output reservation
 * and budgets across instances.
 */
class RedisLimitStoreTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final AtomicInteger prefixes = new AtomicInteger();

	private static LocalRedis single;

	private static LocalRedis cluster;

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));

	private final List<LettuceConnectionFactory> factories = new ArrayList<>();

	// one request a second, two at once; no batch share while interactive calls wait
	private final GroupLimits limits = new GroupLimits("sonnet", new Bucket(60, 2), null, null, 0,
			Duration.ofSeconds(30));

	@BeforeAll
	static void startRedis() {
		single = LocalRedis.start();
		cluster = LocalRedis.startCluster(3);
	}

	@AfterAll
	static void stopRedis() {
		single.close();
		cluster.close();
	}

	@AfterEach
	void disconnect() {
		this.factories.forEach(LettuceConnectionFactory::destroy);
	}

	static Stream<String> topologies() {
		return Stream.of("single", "cluster");
	}

	// two instances: two stores, each with its own connection, on the same keys
	private List<RedisLimitStore> instances(String topology) {
		String prefix = "test" + prefixes.incrementAndGet();
		List<RedisLimitStore> stores = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			LettuceConnectionFactory factory = "single".equals(topology)
					? new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", single.port()))
					: new LettuceConnectionFactory(new RedisClusterConfiguration(Arrays.asList(cluster.nodes().split(","))));
			factory.afterPropertiesSet();
			this.factories.add(factory);
			stores.add(new RedisLimitStore(new ReactiveStringRedisTemplate(factory), prefix, Duration.ofSeconds(5),
					Duration.ofSeconds(5), this.clock));
		}
		return stores;
	}

	private Decision reserve(RedisLimitStore store, Priority lane, String tenant, Waiting... waiting) {
		return store.reserve(this.limits, new Claim(lane, tenant, new Amounts(1, 0, 0), List.of(waiting)))
			.block(TIMEOUT);
	}

	@ParameterizedTest
	@MethodSource("topologies")
	void aBatchClaimShouldDeferWhileAnInteractiveCallWaitsOnAnotherInstance(String topology) {
		List<RedisLimitStore> instances = instances(topology);
		RedisLimitStore a = instances.get(0);
		RedisLimitStore b = instances.get(1);
		assertThat(reserve(a, Priority.BATCH, "default").outcome()).isEqualTo(Outcome.GRANTED);
		// the bucket is empty: B's interactive call waits, and says so
		Decision interactive = reserve(b, Priority.INTERACTIVE, "default",
				new Waiting(Priority.INTERACTIVE, "default"));
		assertThat(interactive.outcome()).isEqualTo(Outcome.WAIT);

		this.clock.advance(Duration.ofSeconds(1));
		assertThat(reserve(a, Priority.BATCH, "default").outcome()).as("A's batch defers to B's interactive call")
			.isEqualTo(Outcome.DEFER);
		assertThat(reserve(b, Priority.INTERACTIVE, "default").outcome()).isEqualTo(Outcome.GRANTED);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(reserve(a, Priority.BATCH, "default").outcome()).as("nothing interactive waits any more")
			.isEqualTo(Outcome.GRANTED);
	}

	@ParameterizedTest
	@MethodSource("topologies")
	void aTenantWithMoreTurnsShouldDeferToAnotherTenantWaitingOnAnotherInstance(String topology) {
		List<RedisLimitStore> instances = instances(topology);
		RedisLimitStore a = instances.get(0);
		RedisLimitStore b = instances.get(1);
		for (int i = 0; i < 3; i++) {
			this.clock.advance(Duration.ofSeconds(1));
			assertThat(reserve(a, Priority.INTERACTIVE, "acme").outcome()).isEqualTo(Outcome.GRANTED);
		}
		// beta's call waits on B while the bucket is empty
		assertThat(reserve(b, Priority.INTERACTIVE, "beta", new Waiting(Priority.INTERACTIVE, "beta")).outcome())
			.isEqualTo(Outcome.WAIT);

		this.clock.advance(Duration.ofSeconds(1));
		assertThat(reserve(a, Priority.INTERACTIVE, "acme").outcome()).as("acme had three turns, beta none")
			.isEqualTo(Outcome.DEFER);
		assertThat(reserve(b, Priority.INTERACTIVE, "beta").outcome()).isEqualTo(Outcome.GRANTED);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(reserve(a, Priority.INTERACTIVE, "acme").outcome()).isEqualTo(Outcome.GRANTED);
	}

	@ParameterizedTest
	@MethodSource("topologies")
	void theOutputReservationLearnedFromOneInstancesAnswersShouldReachAnother(String topology) {
		List<RedisLimitStore> instances = instances(topology);
		GroupLimits output = new GroupLimits("haiku", null, null, new Bucket(60_000, 2_000), 0.1,
				Duration.ofSeconds(30));
		Claim claim = new Claim(Priority.INTERACTIVE, "default", new Amounts(1, 0, 100), List.of());
		assertThat(instances.get(1).reserve(output, claim).block(TIMEOUT).outputEstimate()).isEqualTo(-1);
		for (int tokens = 1; tokens <= 20; tokens++) {
			instances.get(0)
				.settle(output, new Settlement(new Amounts(1, 0, 100), new Amounts(1, 0, tokens), tokens))
				.block(TIMEOUT);
		}
		// the 95th percentile of 1..20
		assertThat(instances.get(1).reserve(output, claim).block(TIMEOUT).outputEstimate()).isEqualTo(19);
	}

	@ParameterizedTest
	@MethodSource("topologies")
	void budgetsShouldBeSharedAndTakenAllOrNothing(String topology) {
		List<RedisLimitStore> instances = instances(topology);
		Budget all = new Budget("all", 1_000, ZoneOffset.UTC);
		Budget acme = new Budget("tenant:acme", 300, ZoneOffset.UTC);
		assertThat(instances.get(0).reserveBudgets(List.of(all, acme), 200).block(TIMEOUT)).isEqualTo(BudgetRefusal.NONE);

		BudgetRefusal refusal = instances.get(1).reserveBudgets(List.of(all, acme), 200).block(TIMEOUT);
		assertThat(refusal.budget()).isEqualTo(acme);
		assertThat(refusal.used()).isEqualTo(200);
		assertThat(instances.get(1).reserveBudgets(List.of(all), 800).block(TIMEOUT))
			.as("the overall budget kept only the first 200").isEqualTo(BudgetRefusal.NONE);
	}

	@ParameterizedTest
	@MethodSource("topologies")
	void aPauseFromOneInstanceShouldHoldTheOtherBack(String topology) {
		List<RedisLimitStore> instances = instances(topology);
		instances.get(0).pause(this.limits, this.clock.instant().plusSeconds(10)).block(TIMEOUT);

		Decision decision = reserve(instances.get(1), Priority.INTERACTIVE, "default");
		assertThat(decision.outcome()).isEqualTo(Outcome.WAIT);
		assertThat(decision.waitNanos()).isEqualTo(Duration.ofSeconds(10).toNanos());
		assertThat(decision.certainNanos()).isEqualTo(Duration.ofSeconds(10).toNanos());
	}

}
