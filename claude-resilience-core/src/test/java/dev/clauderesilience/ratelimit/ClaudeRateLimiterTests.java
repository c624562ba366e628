package dev.clauderesilience.ratelimit;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeRequest.Priority;
import dev.clauderesilience.client.RateLimitSnapshot;
import dev.clauderesilience.client.TestFailures;
import dev.clauderesilience.client.Usage;
import dev.clauderesilience.ratelimit.LimitStore.Amounts;
import dev.clauderesilience.ratelimit.LimitStore.Settlement;
import dev.clauderesilience.ratelimit.redis.RedisLimitStore;
import dev.clauderesilience.test.redis.LocalRedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limiter's admission under Reactor's virtual time: when waiting calls go, in which order,
 * and when they are told they cannot; each with the limits in this process and in a real Redis
 * (a single node, its answers on the test's thread), and across two instances sharing Redis.
 */
class ClaudeRateLimiterTests {

	private static final String MODEL = "claude-sonnet-4-5";

	private static final AtomicInteger prefixes = new AtomicInteger();

	private static LocalRedis redis;

	private final VirtualClock clock = new VirtualClock();

	@RegisterExtension
	final VirtualTime time = new VirtualTime();

	private final List<Admitted> admitted = new CopyOnWriteArrayList<>();

	private final List<Throwable> failures = new CopyOnWriteArrayList<>();

	private final List<LettuceConnectionFactory> factories = new ArrayList<>();

	@BeforeAll
	static void startRedis() {
		redis = LocalRedis.start();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@AfterEach
	void disconnect() {
		this.factories.forEach(LettuceConnectionFactory::destroy);
	}

	// the group's buckets fill up first, as after a quiet spell
	private ClaudeRateLimiter limiter(Store store, ClaudeRateLimiter.Settings settings) {
		if (store == Store.LOCAL) {
			ClaudeRateLimiter limiter = new ClaudeRateLimiter(settings, this.clock, null);
			limiter.group(MODEL);
			this.time.advance(Duration.ofMinutes(1));
			return limiter;
		}
		return instances(settings, 1).get(0);
	}

	// instances sharing their limits through one Redis, each with its own connection
	private List<ClaudeRateLimiter> instances(ClaudeRateLimiter.Settings settings, int count) {
		String prefix = "limiter" + prefixes.incrementAndGet();
		List<ClaudeRateLimiter> instances = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			instances.add(new ClaudeRateLimiter(settings, this.clock, null, new TestThreadStore(redisStore(prefix)), 0.5));
		}
		// a first settlement writes the buckets, which then fill up
		ClaudeRateLimiter first = instances.get(0);
		first.sharedStore()
			.settle(first.group(MODEL).limits(), new Settlement(new Amounts(1, 1, 1), Amounts.NONE, -1))
			.block(Duration.ofSeconds(10));
		this.time.advance(Duration.ofMinutes(1));
		return instances;
	}

	private RedisLimitStore redisStore(String prefix) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", redis.port()));
		factory.afterPropertiesSet();
		this.factories.add(factory);
		return new RedisLimitStore(new ReactiveStringRedisTemplate(factory), prefix, Duration.ofSeconds(5),
				Duration.ofSeconds(5), this.clock);
	}

	private static TestThreadStore store(ClaudeRateLimiter instance) {
		return (TestThreadStore) instance.sharedStore();
	}

	private static ClaudeRequest request(Priority priority, String tenant, int maxTokens) {
		return ClaudeRequest.builder().model(MODEL).maxTokens(maxTokens).priority(priority).tenant(tenant).user("Hi")
			.build();
	}

	private double now() {
		return VirtualClock.seconds(this.clock.instant()) - 60;
	}

	// each admitted call is answered after a latency with this usage
	private void submit(ClaudeRateLimiter limiter, ClaudeRequest request, long inputTokens, Duration latency,
			Usage usage) {
		limiter.acquire(request, inputTokens).subscribe((permit) -> {
			this.admitted.add(new Admitted(request.priority(), request.tenant(), now()));
			if (latency != null) {
				Mono.delay(latency).subscribe((tick) -> permit.complete(usage, RateLimitSnapshot.EMPTY));
			}
		}, this.failures::add);
	}

	private void submit(ClaudeRateLimiter limiter, ClaudeRequest request) {
		submit(limiter, request, 1, Duration.ZERO, new Usage(1, 1, 0, 0));
	}

	private List<Double> times(Priority priority) {
		return this.admitted.stream().filter((call) -> call.priority() == priority).map(Admitted::at).toList();
	}

	// 600 output tokens per minute, 20 at once; max_tokens reserved in full; 5 s max-wait
	private static ClaudeRateLimiter.Settings outputBound() {
		return ClaudeRateLimiter.Settings.of(new LimitSettings(null, null, 600L, null))
			.withMaxWait(Duration.ofSeconds(5))
			.withOutputReservation(OutputReservation.MAX_TOKENS);
	}

	private static ClaudeRateLimiter.Settings rpm(long rpm) {
		return ClaudeRateLimiter.Settings.of(new LimitSettings(rpm, null, null, null));
	}

	// what a property, a header or a sum can make of a wait: nothing, a tick, and more than a long
	// holds in nanoseconds (about 292 years), up to the largest Duration
	static Stream<Duration> extremeDurations() {
		return Stream.of(Duration.ofSeconds(-1), Duration.ZERO, Duration.ofNanos(1), Duration.ofDays(100_000),
				Duration.ofDays(200_000), Duration.ofDays(1_000_000), Duration.ofSeconds(Long.MAX_VALUE / 2),
				Duration.ofSeconds(Long.MAX_VALUE, 999_999_999));
	}

	private static boolean longerThanASecond(Duration wait) {
		return wait.compareTo(Duration.ofSeconds(1)) >= 0;
	}

	// at virtual time 0 with buckets half full: Reactor's virtual scheduler adds a timer's delay to
	// its own time without saturating (the real one saturates), so no time may pass before the call
	@ParameterizedTest
	@MethodSource("extremeDurations")
	void anyMaxWaitShouldNeitherThrowNorWrap(Duration maxWait) {
		// 60 a minute, 2 at once, 1 ready: the second call waits 1 s, the third 2 s
		ClaudeRateLimiter limiter = new ClaudeRateLimiter(rpm(60).withMaxWait(maxWait)
			.withLanes(new ClaudeRateLimiter.Lanes(0.1, maxWait)), this.clock, null);
		submit(limiter, request(Priority.INTERACTIVE, null, 10));
		submit(limiter, request(Priority.INTERACTIVE, null, 10));
		submit(limiter, request(Priority.BATCH, null, 10));
		this.time.advance(Duration.ofSeconds(10));

		if (longerThanASecond(maxWait)) {
			assertThat(this.admitted).extracting(Admitted::at).containsExactly(-60.0, -59.0, -58.0);
			assertThat(this.failures).isEmpty();
		}
		else {
			assertThat(this.admitted).hasSize(1);
			assertThat(this.failures).hasSize(2).allMatch(CapacityWaitExceededException.class::isInstance);
		}
	}

	@ParameterizedTest
	@MethodSource("extremeDurations")
	void anyBurstShouldNeitherThrowNorWrap(Duration burst) {
		ClaudeRateLimiter limiter = limiter(Store.LOCAL, rpm(60).withBurst(burst));
		for (int i = 0; i < 3; i++) {
			submit(limiter, request(Priority.INTERACTIVE, null, 10));
		}
		this.time.advance(Duration.ofSeconds(10));

		// at least one call a time, whatever the burst; a minute's worth at once at most
		assertThat(this.failures).isEmpty();
		assertThat(this.admitted).extracting(Admitted::at)
			.containsExactly(longerThanASecond(burst) ? new Double[] { 0.0, 0.0, 0.0 } : new Double[] { 0.0, 1.0, 2.0 });
	}

	@ParameterizedTest
	@MethodSource("extremeDurations")
	void anyTimeoutOfTheResilience4jViewShouldNeitherThrowNorWrap(Duration timeout) {
		RateLimiterRegistry registry = RateLimiterRegistry.ofDefaults();
		ClaudeRateLimiter viewed = new ClaudeRateLimiter(rpm(60), this.clock, registry);
		viewed.group(MODEL);
		this.time.advance(Duration.ofMinutes(1));
		RateLimiter view = registry.rateLimiter("claude-sonnet-requests");
		view.changeTimeoutDuration(timeout);

		// the bucket holds 2: both granted at once; the third only when it may wait for a second
		assertThat(view.acquirePermission(1)).isTrue();
		assertThat(view.acquirePermission(1)).isTrue();
		if (!longerThanASecond(timeout)) {
			assertThat(view.acquirePermission(1)).isFalse();
		}
	}

	@ParameterizedTest
	@EnumSource
	void capacityAnAnswerGivesBackShouldAdmitAWaitingCallAtOnce(Store store) {
		// 600 output tokens per minute, 20 at once; max_tokens 100 reserved in full
		ClaudeRateLimiter limiter = limiter(store, ClaudeRateLimiter.Settings.of(new LimitSettings(null, null, 600L, null))
			.withOutputReservation(OutputReservation.MAX_TOKENS));
		ClaudeRequest request = request(Priority.INTERACTIVE, null, 100);

		submit(limiter, request, 1, Duration.ofSeconds(1), new Usage(1, 5, 0, 0));
		submit(limiter, request, 1, null, null);
		this.time.advance(Duration.ofSeconds(30));

		// by refill alone the second would have waited 10 s; the first answer used 5 of its 100
		assertThat(times(Priority.INTERACTIVE)).containsExactly(0.0, 1.0);
		assertThat(this.failures).isEmpty();
	}

	@ParameterizedTest
	@EnumSource
	void adaptiveReservationShouldLearnShortAnswersAndKeepPaceWithTheApi(Store store) {
		// 600 output tokens per minute: the API admits 2 answers of 5 tokens a second
		List<Integer> admittedIn20Seconds = new ArrayList<>();
		for (OutputReservation mode : List.of(OutputReservation.MAX_TOKENS, OutputReservation.ADAPTIVE)) {
			this.admitted.clear();
			ClaudeRateLimiter limiter = limiter(store, ClaudeRateLimiter.Settings.of(new LimitSettings(null, null, 600L, null))
				.withMaxWait(Duration.ofMinutes(5))
				.withOutputReservation(mode));
			for (int i = 0; i < 60; i++) {
				submit(limiter, request(Priority.INTERACTIVE, null, 100), 1, Duration.ofSeconds(1),
						new Usage(1, 5, 0, 0));
			}
			this.time.advance(Duration.ofSeconds(20));
			admittedIn20Seconds.add(this.admitted.size());
			if (mode == OutputReservation.ADAPTIVE) {
				assertThat(limiter.group(MODEL).learnedOutputReservation()).isEqualTo(5);
			}
			this.time.advance(Duration.ofMinutes(5));
		}
		// max_tokens holds one 100-token reservation per answer's latency; adaptive admits at the
		// API's own pace (40 answers of 5 tokens in 20 s), less its conservative start
		assertThat(admittedIn20Seconds.get(0)).isLessThanOrEqualTo(21);
		assertThat(admittedIn20Seconds.get(1)).isGreaterThanOrEqualTo(36);
		assertThat(this.failures).isEmpty();
	}

	@ParameterizedTest
	@EnumSource
	void interactiveCallsShouldBeAdmittedBeforeWaitingBatchCalls(Store store) {
		ClaudeRateLimiter limiter = limiter(store, rpm(60).withLanes(new ClaudeRateLimiter.Lanes(0, Duration.ofMinutes(5))));
		for (int i = 0; i < 5; i++) {
			submit(limiter, request(Priority.BATCH, null, 10));
		}
		this.time.advance(Duration.ofMillis(500));
		submit(limiter, request(Priority.INTERACTIVE, null, 10));
		submit(limiter, request(Priority.INTERACTIVE, null, 10));
		this.time.advance(Duration.ofSeconds(10));

		// 60 a minute, 2 at once: the batch calls had the first two slots, then waited
		assertThat(times(Priority.INTERACTIVE)).containsExactly(1.0, 2.0);
		assertThat(times(Priority.BATCH)).containsExactly(0.0, 0.0, 3.0, 4.0, 5.0);
	}

	@ParameterizedTest
	@EnumSource
	void batchShouldKeepItsMinimumShareWhileInteractiveCallsWait(Store store) {
		ClaudeRateLimiter limiter = limiter(store, rpm(60).withLanes(new ClaudeRateLimiter.Lanes(0.25, Duration.ofMinutes(5))));
		submit(limiter, request(Priority.INTERACTIVE, null, 10));
		submit(limiter, request(Priority.INTERACTIVE, null, 10));
		for (int i = 0; i < 10; i++) {
			submit(limiter, request(Priority.BATCH, null, 10));
			submit(limiter, request(Priority.INTERACTIVE, null, 10));
		}
		this.time.advance(Duration.ofSeconds(8));

		List<Priority> order = this.admitted.stream().skip(2).map(Admitted::priority).toList();
		assertThat(order).containsExactly(Priority.INTERACTIVE, Priority.INTERACTIVE, Priority.INTERACTIVE,
				Priority.BATCH, Priority.INTERACTIVE, Priority.INTERACTIVE, Priority.INTERACTIVE, Priority.BATCH);
	}

	@ParameterizedTest
	@EnumSource
	void aFloodingTenantShouldNotHoldAnotherTenantsCallsBehindIt(Store store) {
		ClaudeRateLimiter limiter = limiter(store, rpm(60));
		for (int i = 0; i < 10; i++) {
			submit(limiter, request(Priority.INTERACTIVE, "acme", 10));
		}
		this.time.advance(Duration.ofMillis(500));
		submit(limiter, request(Priority.INTERACTIVE, "beta", 10));
		submit(limiter, request(Priority.INTERACTIVE, "beta", 10));
		this.time.advance(Duration.ofSeconds(5));

		// tenants take turns: beta waits about one turn, not for acme's eight waiting calls
		List<Double> beta = this.admitted.stream().filter((call) -> "beta".equals(call.tenant())).map(Admitted::at).toList();
		assertThat(beta).hasSize(2).allSatisfy((at) -> assertThat(at).isLessThanOrEqualTo(4.0));
		if (store == Store.LOCAL) {
			// round robin; Redis gives the turn to the tenant admitted fewer times, 25 ms later
			assertThat(beta).containsExactly(2.0, 4.0);
			assertThat(this.admitted.stream().filter((call) -> "acme".equals(call.tenant())).map(Admitted::at))
				.containsExactly(0.0, 0.0, 1.0, 3.0, 5.0);
		}
	}

	@ParameterizedTest
	@EnumSource
	void aTenantOverItsDailyBudgetShouldBeRefusedUntilMidnightWhileOthersGoOn(Store store) {
		ClaudeRateLimiter limiter = limiter(store, ClaudeRateLimiter.Settings.of(LimitSettings.NONE)
			.withTenants(new ClaudeRateLimiter.Tenants(1_000L, Map.of("beta", 5_000L), 100)));
		submit(limiter, request(Priority.INTERACTIVE, "acme", 10), 10, Duration.ZERO, new Usage(10, 970, 0, 0));
		submit(limiter, request(Priority.INTERACTIVE, "beta", 10), 10, Duration.ZERO, new Usage(10, 1_990, 0, 0));
		this.time.advance(Duration.ofSeconds(1));

		submit(limiter, request(Priority.INTERACTIVE, "acme", 100), 10, null, null);
		submit(limiter, request(Priority.INTERACTIVE, "beta", 100), 10, null, null);
		submit(limiter, request(Priority.INTERACTIVE, null, 100), 10, null, null);

		assertThat(this.failures).singleElement().isInstanceOfSatisfying(TenantBudgetExceededException.class, (ex) -> {
			assertThat(ex.tenant()).isEqualTo("acme");
			assertThat(ex.resetsAt()).isEqualTo(LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC)
				.plusDays(1)
				.atStartOfDay(ZoneOffset.UTC)
				.toInstant());
			assertThat(ex.isRetryable()).isFalse();
		});
		assertThat(this.admitted).hasSize(4);
		assertThat(limiter.topTenants(5)).extracting(ClaudeRateLimiter.TenantUsage::tenant).containsExactly("beta", "acme");
	}

	@ParameterizedTest
	@EnumSource
	void aPauseBeyondMaxWaitShouldTellWaitingCallsAtOnceAndNeverHoldLongerThanMaxPause(Store store) {
		ClaudeRateLimiter limiter = limiter(store, rpm(60).withMaxWait(Duration.ofSeconds(30)));
		List<Permit> permits = new ArrayList<>();
		limiter.acquire(request(Priority.INTERACTIVE, null, 10), 1).subscribe(permits::add);
		submit(limiter, request(Priority.INTERACTIVE, null, 10));
		submit(limiter, request(Priority.INTERACTIVE, null, 10));

		// one answer: 429 with retry-after 999999 (11.6 days)
		permits.get(0).fail(TestFailures.status(429, Map.of("retry-after", "999999")));
		assertThat(limiter.group(MODEL).pausedUntil()).isEqualTo(this.clock.instant().plusSeconds(60));
		assertThat(this.failures).singleElement().isInstanceOfSatisfying(CapacityWaitExceededException.class,
				(ex) -> assertThat(ex.retryAfter()).hasValue(Duration.ofSeconds(60)));

		this.time.advance(Duration.ofSeconds(60));
		submit(limiter, request(Priority.INTERACTIVE, null, 10));
		assertThat(this.admitted).extracting(Admitted::at).containsExactly(0.0, 60.0);
	}

	@ParameterizedTest
	@EnumSource
	void aCallThatMightStillFitShouldWaitTheWholeMaxWaitBeforeBeingRefused(Store store) {
		// tokens in flight may come back, so nothing is certain: it waits, then is refused
		ClaudeRateLimiter limiter = limiter(store, ClaudeRateLimiter.Settings.of(new LimitSettings(null, null, 600L, null))
			.withMaxWait(Duration.ofSeconds(5))
			.withOutputReservation(OutputReservation.MAX_TOKENS));
		submit(limiter, request(Priority.INTERACTIVE, null, 100), 1, null, null);
		submit(limiter, request(Priority.INTERACTIVE, null, 100), 1, null, null);

		this.time.advance(Duration.ofMillis(4_999));
		assertThat(this.failures).isEmpty();
		this.time.advance(Duration.ofMillis(1));
		assertThat(this.failures).singleElement().isInstanceOf(CapacityWaitExceededException.class);
		assertThat(this.admitted).hasSize(1);
	}

	@ParameterizedTest
	@EnumSource
	void cancellingAWaitingCallShouldLetTheNextOneGoInItsTurn(Store store) {
		ClaudeRateLimiter limiter = limiter(store, rpm(60));
		submit(limiter, request(Priority.INTERACTIVE, null, 10));
		submit(limiter, request(Priority.INTERACTIVE, null, 10));
		var third = limiter.acquire(request(Priority.INTERACTIVE, "gone", 10), 1).subscribe();
		submit(limiter, request(Priority.INTERACTIVE, null, 10));

		this.time.advance(Duration.ofMillis(500));
		third.dispose();
		this.time.advance(Duration.ofSeconds(5));

		assertThat(this.admitted).extracting(Admitted::at).startsWith(0.0, 0.0).hasSize(3);
		// in Redis the cancelled tenant's mark of waiting lives on for at most 2 s
		assertThat(this.admitted.get(2).at()).isBetween(1.0, (store == Store.LOCAL) ? 1.0 : 2.5);
		assertThat(limiter.group(MODEL).waiting(Priority.INTERACTIVE)).isZero();
	}

	@Test
	void capacityGivenBackOnAnotherInstanceShouldAdmitAWaitingCallLongBeforeItsForecast() {
		// shared by two instances; max_tokens 100
		List<ClaudeRateLimiter> instances = instances(outputBound(), 2);
		ClaudeRequest request = request(Priority.INTERACTIVE, null, 100);

		submit(instances.get(0), request, 1, Duration.ofSeconds(1), new Usage(1, 5, 0, 0));
		submit(instances.get(1), request, 1, null, null);
		this.time.advance(Duration.ofSeconds(30));

		// by refill alone B's call would have waited 10 s, past its max-wait of 5 s; A's answer
		// gave back 95 of its 100 tokens at 1 s, and B's queue asks Redis again within 100 ms
		assertThat(this.failures).isEmpty();
		assertThat(times(Priority.INTERACTIVE)).hasSize(2).first().isEqualTo(0.0);
		assertThat(times(Priority.INTERACTIVE).get(1)).isBetween(1.0, 1.1);
	}

	@Test
	void aCallWhoseMaxWaitPassesWhileRedisAnswersShouldBeAdmittedWhenTheAnswerIsYes() {
		List<ClaudeRateLimiter> instances = instances(outputBound(), 2);
		List<Permit> permits = new ArrayList<>();
		instances.get(0).acquire(request(Priority.INTERACTIVE, null, 100), 1).subscribe(permits::add);
		submit(instances.get(1), request(Priority.INTERACTIVE, null, 100), 1, null, null);

		this.time.advance(Duration.ofMillis(4_950));
		store(instances.get(1)).hold();
		this.time.advance(Duration.ofMillis(20));
		permits.get(0).complete(new Usage(1, 5, 0, 0), RateLimitSnapshot.EMPTY);
		this.time.advance(Duration.ofMillis(30));

		// max-wait has passed while B's last claim, asked after A gave back, is still unanswered
		assertThat(this.failures).isEmpty();
		assertThat(this.admitted).isEmpty();
		store(instances.get(1)).release();
		assertThat(this.failures).isEmpty();
		assertThat(this.admitted).extracting(Admitted::at).containsExactly(5.0);
	}

	@Test
	void aCallWhoseMaxWaitPassesWhileRedisAnswersShouldBeRefusedOnlyOnceTheAnswerIsNo() {
		List<ClaudeRateLimiter> instances = instances(outputBound(), 2);
		instances.get(0).acquire(request(Priority.INTERACTIVE, null, 100), 1).subscribe();
		submit(instances.get(1), request(Priority.INTERACTIVE, null, 100), 1, null, null);

		this.time.advance(Duration.ofMillis(4_950));
		store(instances.get(1)).hold();
		this.time.advance(Duration.ofMillis(50));

		assertThat(this.failures).isEmpty();
		store(instances.get(1)).release();
		assertThat(this.failures).singleElement().isInstanceOfSatisfying(CapacityWaitExceededException.class,
				(ex) -> assertThat(ex.retryAfter()).hasValueSatisfying(
						(wait) -> assertThat(wait).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(6))));
		assertThat(this.admitted).isEmpty();
	}

	@Test
	void aLateAnswerFromRedisShouldNotMakeACallThatCanStillGoLookHopeless() {
		// a 429 pauses the group until 3 s; the waiting call's max-wait ends at 5 s
		ClaudeRateLimiter limiter = instances(rpm(60).withMaxWait(Duration.ofSeconds(5)), 1).get(0);
		List<Permit> permits = new ArrayList<>();
		limiter.acquire(request(Priority.INTERACTIVE, null, 10), 1).subscribe(permits::add);
		permits.get(0).fail(TestFailures.status(429, Map.of("retry-after", "3")));
		submit(limiter, request(Priority.INTERACTIVE, null, 10));

		this.time.advance(Duration.ofMillis(500));
		store(limiter).hold();
		// the claim asked at 0.6 s hears "paused for 2.4 s more" only at 3 s: the pause ends at 3 s
		// (not 5.4 s), within the call's max-wait
		this.time.advance(Duration.ofMillis(2_500));
		store(limiter).release();
		this.time.advance(Duration.ofMillis(100));

		assertThat(this.failures).isEmpty();
		assertThat(this.admitted).extracting(Admitted::at).containsExactly(3.0);
	}

	@Test
	void batchCallsOnOneInstanceShouldNotHoldBackInteractiveCallsOnAnother() {
		// one request a second for both; batch keeps half of the admissions while both lanes wait
		List<ClaudeRateLimiter> instances = instances(rpm(60).withLanes(new ClaudeRateLimiter.Lanes(0.5,
				Duration.ofMinutes(5))), 2);
		for (int i = 0; i < 10; i++) {
			submit(instances.get(0), request(Priority.BATCH, "a", 10));
		}
		this.time.advance(Duration.ofMillis(500));
		for (int i = 0; i < 5; i++) {
			submit(instances.get(1), request(Priority.INTERACTIVE, "b", 10));
			submit(instances.get(1), request(Priority.BATCH, "b", 10));
		}
		this.time.advance(Duration.ofSeconds(20));

		// the lanes share the turns across instances: neither stalls while the other waits
		assertThat(this.failures).isEmpty();
		assertThat(times(Priority.INTERACTIVE)).hasSize(5).last().satisfies((at) -> assertThat(at).isLessThan(12.0));
		assertThat(times(Priority.BATCH)).hasSizeGreaterThanOrEqualTo(10);
	}

	enum Store {

		LOCAL, REDIS

	}

	private record Admitted(Priority priority, String tenant, double at) {
	}

}
