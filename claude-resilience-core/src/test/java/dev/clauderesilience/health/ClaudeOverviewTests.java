package dev.clauderesilience.health;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.clauderesilience.breaker.ModelCircuitBreakers;
import dev.clauderesilience.client.Usage;
import dev.clauderesilience.errors.AuthenticationGuard;
import dev.clauderesilience.health.ClaudeOverview.Level;
import dev.clauderesilience.observation.ClaudeObserver.Outcome;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.ratelimit.ClaudeRateLimiter;
import dev.clauderesilience.ratelimit.LimiterTesting;
import dev.clauderesilience.ratelimit.LimitSettings;
import dev.clauderesilience.ratelimit.OutputReservation;
import dev.clauderesilience.client.RateLimitSnapshot;
import dev.clauderesilience.ratelimit.MutableClock;
import dev.clauderesilience.ratelimit.Permit;
import dev.clauderesilience.ratelimit.VirtualClock;
import dev.clauderesilience.ratelimit.VirtualTime;

import static org.assertj.core.api.Assertions.assertThat;

class ClaudeOverviewTests {

	private static final String MODEL = "claude-sonnet-4-5";

	private static final String FALLBACK = "claude-haiku-4-5";

	private final MutableClock clock = new MutableClock(Instant.parse("2025-11-03T09:00:00Z"));

	private final ClaudeRateLimiter limiter = new ClaudeRateLimiter(
			ClaudeRateLimiter.Settings.of(new LimitSettings(null, null, null, 1_000_000L))
			.withBurst(Duration.ofSeconds(2))
			.withMaxWait(Duration.ofSeconds(30))
			.withOutputReservation(OutputReservation.MAX_TOKENS),
			this.clock, null);

	private final ModelCircuitBreakers breakers = new ModelCircuitBreakers(CircuitBreakerRegistry.ofDefaults(),
			this.clock);

	private final OutcomeTracker outcomes = new OutcomeTracker();

	private final ClaudeOverview overview = new ClaudeOverview(this.limiter, this.breakers,
			new AuthenticationGuard(Duration.ofSeconds(30), this.clock, null), this.outcomes, null, MODEL, 0.8,
			this.clock);

	@RegisterExtension
	final VirtualTime time = new VirtualTime();

	@Test
	void aFallbackServingShouldBeDegradedUntilTheModelAnswersAgain() {
		this.outcomes.callEnded(MODEL, FALLBACK, Outcome.FALLBACK, Duration.ZERO, Usage.NONE);
		assertThat(this.overview.assess().level()).isEqualTo(Level.DEGRADED);
		assertThat(this.overview.assess().reasons()).containsExactly("a fallback model is serving");

		this.outcomes.callEnded(MODEL, MODEL, Outcome.SUCCESS, Duration.ZERO, Usage.NONE);
		assertThat(this.overview.assess().level()).isEqualTo(Level.UP);
	}

	@Test
	void aDailyBudgetUsedBeyondTheWarningFractionShouldBeDegradedUntilItResets() {
		LimiterTesting.useDailyTokens(this.limiter, MODEL, 800_000);

		assertThat(this.overview.assess().level()).isEqualTo(Level.DEGRADED);
		assertThat(this.overview.assess().utilization()).isEqualTo(0.8);
		this.clock.advance(Duration.ofDays(1));
		assertThat(this.overview.assess().level()).isEqualTo(Level.UP);
	}

	@Test
	void serverFiguresWhoseResetHasPassedShouldReadAsReplenished() {
		Instant now = this.clock.instant();
		RateLimitSnapshot.Limit requests = new RateLimitSnapshot.Limit(50L, 2L, now.plusSeconds(20));
		RateLimitSnapshot.Limit unknown = new RateLimitSnapshot.Limit(null, null, null);
		this.limiter.learn(MODEL,
				new RateLimitSnapshot(requests, unknown, unknown, unknown, unknown, unknown, null, null, "req_1", now));
		assertThat(this.overview.assess().utilization()).isEqualTo(0.96);

		this.clock.advance(Duration.ofSeconds(20));
		assertThat(this.overview.assess().level()).isEqualTo(Level.UP);
		assertThat(this.overview.healthDetails(this.overview.assess())).extractingByKey("requests")
			.isEqualTo(Map.of("limit", 50L, "remaining", 50L, "reset", now.plusSeconds(20).toString(),
					"utilization", 0.0));
	}

	@Test
	void reportShouldListEveryGroupSeenWithTheDefaultModelsFirst() {
		this.limiter.group(FALLBACK);
		this.limiter.group("claude-opus-4-1");

		Map<String, Object> report = this.overview.report();
		assertThat(report).containsKeys("status", "reasons", "utilization", "warnUtilization", "modelGroups",
				"circuitBreakers", "fallbackActive", "cache", "tierAdvice");
		assertThat(((Map<?, ?>) report.get("modelGroups")).keySet()).extracting(Object::toString).containsExactly("sonnet", "haiku", "opus");
		assertThat(report.get("tierAdvice")).isEqualTo(List.of());
		assertThat(this.overview.healthDetails(this.overview.assess())).extractingByKey("otherModelGroups")
			.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
			.containsOnlyKeys("haiku", "opus");
	}

	@Test
	@SuppressWarnings("unchecked")
	void reportShouldShowTheCallsWaitingPerLaneTheirP95WaitAndTheLearnedReservation() {
		VirtualClock virtual = new VirtualClock();
		// one request a second, two at once
		ClaudeRateLimiter paced = new ClaudeRateLimiter(ClaudeRateLimiter.Settings.of(new LimitSettings(60L, null, null, null)),
				virtual, null);
		ClaudeOverview overview = new ClaudeOverview(paced, this.breakers,
				new AuthenticationGuard(Duration.ofSeconds(30), virtual, null), this.outcomes, null, MODEL, 0.8, virtual);
		paced.group(MODEL);
		this.time.advance(Duration.ofMinutes(1));
		List<Permit> permits = new java.util.concurrent.CopyOnWriteArrayList<>();
		ClaudeRequest request = ClaudeRequest.builder().model(MODEL).maxTokens(1024).user("Hi").build();
		for (int i = 0; i < 3; i++) {
			paced.acquire(request, 10).subscribe(permits::add);
		}

		Map<String, Object> sonnet = (Map<String, Object>) ((Map<String, Object>) overview.report().get("modelGroups"))
			.get("sonnet");
		assertThat(sonnet).extractingByKey("lanes")
			.isEqualTo(Map.of("interactive", Map.of("waiting", 1, "waitP95", "PT0S"), "batch",
					Map.of("waiting", 0, "waitP95", "PT0S")));
		assertThat(sonnet).containsEntry("learnedOutputReservation", null);

		this.time.advance(Duration.ofSeconds(1));
		for (int i = 0; i < 10; i++) {
			this.time.advance(Duration.ofSeconds(1));
			paced.acquire(request, 10).subscribe(permits::add);
		}
		this.time.advance(Duration.ofSeconds(1));
		permits.forEach((permit) -> permit.complete(new Usage(10, 7, 0, 0), RateLimitSnapshot.EMPTY));

		sonnet = (Map<String, Object>) ((Map<String, Object>) overview.report().get("modelGroups")).get("sonnet");
		assertThat(sonnet).extractingByKey("lanes")
			.isEqualTo(Map.of("interactive", Map.of("waiting", 0, "waitP95", "PT1S"), "batch",
					Map.of("waiting", 0, "waitP95", "PT0S")));
		// the 95th percentile of 13 answers of 7 output tokens
		assertThat(sonnet).containsEntry("learnedOutputReservation", 7L);
	}

}
