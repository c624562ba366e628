package dev.clauderesilience.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.clauderesilience.client.Usage;
import dev.clauderesilience.observation.ClaudeObserver.Outcome;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.ratelimit.ClaudeRateLimiter;
import dev.clauderesilience.ratelimit.LimiterTesting;
import dev.clauderesilience.ratelimit.LimitSettings;
import dev.clauderesilience.ratelimit.OutputReservation;
import dev.clauderesilience.client.RateLimitSnapshot;

import static org.assertj.core.api.Assertions.assertThat;

class ClaudeMetricsObserverTests {

	private static final String MODEL = "claude-sonnet-4-5";

	private static final String FALLBACK = "claude-haiku-4-5";

	private final Instant now = Instant.parse("2025-11-03T09:00:00Z");

	private final Clock clock = Clock.fixed(this.now, ZoneOffset.UTC);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final ClaudeRateLimiter limiter = new ClaudeRateLimiter(
			ClaudeRateLimiter.Settings.of(new LimitSettings(40L, 20_000L, null, 1_000_000L))
			.withBurst(Duration.ofSeconds(2))
			.withMaxWait(Duration.ofSeconds(30))
			.withOutputReservation(OutputReservation.MAX_TOKENS),
			this.clock, null);

	private final ClaudeMetricsObserver observer = new ClaudeMetricsObserver(this.registry, this.limiter, MODEL,
			this.clock);

	@Test
	void callEndedShouldCountTimeAndRecordTokensWithModelAndOutcomeTags() {
		this.observer.callEnded(MODEL, MODEL, Outcome.SUCCESS, Duration.ofMillis(900), new Usage(100, 40, 10, 50));
		this.observer.callEnded(MODEL, FALLBACK, Outcome.FALLBACK, Duration.ofMillis(1200), new Usage(80, 30, 0, 0));
		this.observer.callEnded(MODEL, null, Outcome.RATE_LIMITED, Duration.ofMillis(5), Usage.NONE);

		assertThat(this.registry.get("claude.requests").tags("model", MODEL, "outcome", "success").counter().count())
			.isEqualTo(1);
		assertThat(this.registry.get("claude.requests").tags("outcome", "rate_limited").counter().count()).isEqualTo(1);
		assertThat(this.registry.get("claude.client.operation.duration")
			.tags("gen_ai.request.model", MODEL, "gen_ai.response.model", FALLBACK, "outcome", "fallback",
					"gen_ai.operation.name", "chat", "gen_ai.provider.name", "anthropic")
			.timer()
			.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(1200);
		assertThat(this.registry.get("claude.client.operation.duration")
			.tags("gen_ai.response.model", "none", "outcome", "rate_limited")
			.timer()
			.count()).isEqualTo(1);
		DistributionSummary input = this.registry.get("claude.client.token.usage")
			.tags("gen_ai.token.type", "input", "gen_ai.request.model", MODEL, "gen_ai.response.model", MODEL)
			.summary();
		// cache reads and writes are input too, as OpenTelemetry counts it
		assertThat(input.totalAmount()).isEqualTo(160);
		assertThat(input.takeSnapshot().percentileValues()).extracting(ValueAtPercentile::percentile)
			.containsExactly(0.5, 0.95, 0.99);
		assertThat(this.registry.get("claude.client.token.usage")
			.tags("gen_ai.token.type", "output", "gen_ai.response.model", FALLBACK)
			.summary()
			.totalAmount()).isEqualTo(30);
		assertThat(this.registry.find("claude.client.token.usage").tags("gen_ai.response.model", "none").meters())
			.isEmpty();
	}

	@Test
	void prefixGenAiShouldGiveTheSemanticConventionsOwnNames() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		ClaudeMetricsObserver semconv = new ClaudeMetricsObserver(registry, this.limiter, MODEL, this.clock, "gen_ai");

		semconv.callEnded(MODEL, MODEL, Outcome.SUCCESS, Duration.ofMillis(900), new Usage(100, 40, 0, 0));

		assertThat(registry.get("gen_ai.client.token.usage").tag("gen_ai.token.type", "output").summary().totalAmount())
			.isEqualTo(40);
		assertThat(registry.get("gen_ai.client.operation.duration").timer().count()).isEqualTo(1);
		assertThat(registry.find("claude.client.token.usage").meters()).isEmpty();
	}

	@Test
	void retriesFallbacksAndWaitsShouldBeCounted() {
		this.observer.retrying(MODEL, "overloaded_error");
		this.observer.retrying(MODEL, "an unexpected word");
		this.observer.fallingBack(MODEL, FALLBACK);
		this.observer.waitedForCapacity(MODEL, ClaudeRequest.Priority.INTERACTIVE, Duration.ofMillis(250));
		this.observer.waitedForCapacity(MODEL, ClaudeRequest.Priority.BATCH, Duration.ofSeconds(40));
		this.observer.waitedForCapacity(MODEL, ClaudeRequest.Priority.BATCH, Duration.ofSeconds(20));

		assertThat(this.registry.get("claude.retries").tags("model", MODEL, "reason", "overloaded_error").counter().count())
			.isEqualTo(1);
		assertThat(this.registry.get("claude.retries").tags("reason", "other").counter().count()).isEqualTo(1);
		assertThat(this.registry.get("claude.fallbacks").tags("from", MODEL, "to", FALLBACK).counter().count())
			.isEqualTo(1);
		assertThat(this.registry.get("claude.limiter.wait").tags("model", MODEL, "lane", "interactive").timer().count())
			.isEqualTo(1);
		assertThat(this.registry.get("claude.limiter.wait")
			.tags("model", MODEL, "lane", "batch")
			.timer()
			.totalTime(java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(60);
	}

	@Test
	void tenantTokensShouldKeepTheirOwnTagForTheFirst20TenantsSeenAndOtherForTheRest() {
		for (int i = 25; i > 0; i--) {
			this.observer.tenantCharged(String.format("tenant-%02d", i), new Usage(100, 10, 0, 0));
		}
		this.observer.tenantCharged("tenant-25", new Usage(100, 10, 0, 0));

		for (String type : List.of("input", "output")) {
			assertThat(this.registry.find("claude.tenant.tokens").tag("gen_ai.token.type", type).counters()).hasSize(21);
		}
		// the first seen keep their tags, whatever their names
		assertThat(this.registry.get("claude.tenant.tokens").tags("tenant", "tenant-25", "gen_ai.token.type", "input").counter()
			.count()).isEqualTo(200);
		assertThat(this.registry.find("claude.tenant.tokens").tag("tenant", "tenant-01").counters()).isEmpty();
		assertThat(this.registry.get("claude.tenant.tokens").tags("tenant", "other", "gen_ai.token.type", "output").counter()
			.count()).isEqualTo(50);
	}

	@Test
	void gaugesShouldShowTheLatestHeadersBesideTheConfiguredLimitsAndTheDailyBudget() {
		assertThat(gauge("claude.ratelimit.limit", "requests")).isNaN();
		LimiterTesting.useDailyTokens(this.limiter, MODEL, 250_000);
		assertThat(gauge("claude.ratelimit.limit", "requests")).isEqualTo(40);
		assertThat(gauge("claude.ratelimit.remaining", "requests")).isNaN();

		RateLimitSnapshot.Limit requests = new RateLimitSnapshot.Limit(50L, 10L, this.now.plusSeconds(30));
		RateLimitSnapshot.Limit tokens = new RateLimitSnapshot.Limit(100_000L, 75_000L, this.now.plusSeconds(10));
		this.limiter.learn(MODEL, new RateLimitSnapshot(requests, tokens, tokens, tokens, tokens, tokens, null, null,
				"req_1", this.now));

		assertThat(gauge("claude.ratelimit.limit", "requests")).isEqualTo(50);
		assertThat(gauge("claude.ratelimit.remaining", "requests")).isEqualTo(10);
		assertThat(gauge("claude.ratelimit.utilization", "requests")).isEqualTo(0.8);
		assertThat(gauge("claude.ratelimit.utilization", "input_tokens")).isEqualTo(0.25);
		assertThat(gauge("claude.ratelimit.utilization", "tokens")).isEqualTo(0.25);
		assertThat(gauge("claude.ratelimit.limit", "daily_tokens")).isEqualTo(1_000_000);
		assertThat(gauge("claude.ratelimit.remaining", "daily_tokens")).isEqualTo(750_000);
		assertThat(gauge("claude.ratelimit.utilization", "daily_tokens")).isEqualTo(0.25);
		assertThat(this.registry.get("claude.daily.tokens.used").tag("group", "sonnet").gauge().value())
			.isEqualTo(250_000);
	}

	@Test
	void distinctModelsBeyondTheCapShouldShareOneTagValue() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		ClaudeMetricsObserver capped = new ClaudeMetricsObserver(registry, this.limiter, null, this.clock,
				ClaudeMeterNames.DEFAULT_GEN_AI_PREFIX, 5);
		for (int i = 0; i < 1000; i++) {
			capped.callEnded("model-" + i, "model-" + i, Outcome.SUCCESS, Duration.ofMillis(1), new Usage(1, 1, 0, 0));
		}

		assertThat(registry.find("claude.requests").counters()).hasSize(6);
		assertThat(registry.get("claude.requests").tag("model", "other").counter().count()).isEqualTo(995);
		assertThat(registry.getMeters()
			.stream()
			.map(Meter::getId)
			.map((id) -> id.getTag("group"))
			.filter(java.util.Objects::nonNull)
			.distinct()).hasSizeLessThanOrEqualTo(16);
	}

	private double gauge(String name, String dimension) {
		return this.registry.get(name).tags("group", "sonnet", "dimension", dimension).gauge().value();
	}

}
