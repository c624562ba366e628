package dev.clauderesilience.ratelimit;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;

import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeRequest.Priority;
import dev.clauderesilience.client.RateLimitSnapshot;
import dev.clauderesilience.client.TestFailures;
import dev.clauderesilience.client.Usage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limiter's admission under Reactor's virtual time: when waiting calls go, in which order,
 * and when they are told they cannot.
 */
class ClaudeRateLimiterTests {

	private static final String MODEL = "claude-sonnet-4-5";

	private final VirtualClock clock = new VirtualClock();

	@RegisterExtension
	final VirtualTime time = new VirtualTime();

	private final List<Admitted> admitted = new CopyOnWriteArrayList<>();

	private final List<Throwable> failures = new CopyOnWriteArrayList<>();

	// the group's buckets fill up first, as after a quiet spell
	private ClaudeRateLimiter limiter(ClaudeRateLimiter.Settings settings) {
		ClaudeRateLimiter limiter = new ClaudeRateLimiter(settings, this.clock, null);
		limiter.group(MODEL);
		this.time.advance(Duration.ofMinutes(1));
		return limiter;
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
		ClaudeRateLimiter limiter = limiter(rpm(60).withBurst(burst));
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

	@Test
	void capacityAnAnswerGivesBackShouldAdmitAWaitingCallAtOnce() {
		// 600 output tokens per minute, 20 at once; max_tokens 100 reserved in full
		ClaudeRateLimiter limiter = limiter(ClaudeRateLimiter.Settings.of(new LimitSettings(null, null, 600L, null))
			.withOutputReservation(OutputReservation.MAX_TOKENS));
		ClaudeRequest request = request(Priority.INTERACTIVE, null, 100);

		submit(limiter, request, 1, Duration.ofSeconds(1), new Usage(1, 5, 0, 0));
		submit(limiter, request, 1, null, null);
		this.time.advance(Duration.ofSeconds(30));

		// by refill alone the second would have waited 10 s; the first answer used 5 of its 100
		assertThat(times(Priority.INTERACTIVE)).containsExactly(0.0, 1.0);
		assertThat(this.failures).isEmpty();
	}

	@Test
	void adaptiveReservationShouldLearnShortAnswersAndKeepPaceWithTheApi() {
		// 600 output tokens per minute: the API admits 2 answers of 5 tokens a second
		List<Integer> admittedIn20Seconds = new ArrayList<>();
		for (OutputReservation mode : List.of(OutputReservation.MAX_TOKENS, OutputReservation.ADAPTIVE)) {
			this.admitted.clear();
			ClaudeRateLimiter limiter = limiter(ClaudeRateLimiter.Settings.of(new LimitSettings(null, null, 600L, null))
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

	@Test
	void interactiveCallsShouldBeAdmittedBeforeWaitingBatchCalls() {
		ClaudeRateLimiter limiter = limiter(rpm(60).withLanes(new ClaudeRateLimiter.Lanes(0, Duration.ofMinutes(5))));
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

	@Test
	void batchShouldKeepItsMinimumShareWhileInteractiveCallsWait() {
		ClaudeRateLimiter limiter = limiter(rpm(60).withLanes(new ClaudeRateLimiter.Lanes(0.25, Duration.ofMinutes(5))));
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

	@Test
	void aFloodingTenantShouldNotHoldAnotherTenantsCallsBehindIt() {
		ClaudeRateLimiter limiter = limiter(rpm(60));
		for (int i = 0; i < 10; i++) {
			submit(limiter, request(Priority.INTERACTIVE, "acme", 10));
		}
		this.time.advance(Duration.ofMillis(500));
		submit(limiter, request(Priority.INTERACTIVE, "beta", 10));
		submit(limiter, request(Priority.INTERACTIVE, "beta", 10));
		this.time.advance(Duration.ofSeconds(5));

		// tenants take turns: beta waits one turn, not for acme's eight waiting calls
		assertThat(this.admitted.stream().filter((call) -> "beta".equals(call.tenant())).map(Admitted::at))
			.containsExactly(2.0, 4.0);
		assertThat(this.admitted.stream().filter((call) -> "acme".equals(call.tenant())).map(Admitted::at))
			.containsExactly(0.0, 0.0, 1.0, 3.0, 5.0);
	}

	@Test
	void aTenantOverItsDailyBudgetShouldBeRefusedUntilMidnightWhileOthersGoOn() {
		ClaudeRateLimiter limiter = limiter(ClaudeRateLimiter.Settings.of(LimitSettings.NONE)
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

	@Test
	void aPauseBeyondMaxWaitShouldTellWaitingCallsAtOnceAndNeverHoldLongerThanMaxPause() {
		ClaudeRateLimiter limiter = limiter(rpm(60).withMaxWait(Duration.ofSeconds(30)));
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

	@Test
	void aCallThatMightStillFitShouldWaitTheWholeMaxWaitBeforeBeingRefused() {
		// tokens in flight may come back, so nothing is certain: it waits, then is refused
		ClaudeRateLimiter limiter = limiter(ClaudeRateLimiter.Settings.of(new LimitSettings(null, null, 600L, null))
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

	@Test
	void cancellingAWaitingCallShouldLetTheNextOneGoInItsTurn() {
		ClaudeRateLimiter limiter = limiter(rpm(60));
		submit(limiter, request(Priority.INTERACTIVE, null, 10));
		submit(limiter, request(Priority.INTERACTIVE, null, 10));
		var third = limiter.acquire(request(Priority.INTERACTIVE, "gone", 10), 1).subscribe();
		submit(limiter, request(Priority.INTERACTIVE, null, 10));

		this.time.advance(Duration.ofMillis(500));
		third.dispose();
		this.time.advance(Duration.ofSeconds(5));

		assertThat(this.admitted).extracting(Admitted::at).containsExactly(0.0, 0.0, 1.0);
		assertThat(limiter.group(MODEL).waiting(Priority.INTERACTIVE)).isZero();
	}

	private record Admitted(Priority priority, String tenant, double at) {
	}

}
