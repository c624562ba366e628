package dev.clauderesilience.autoconfigure.properties;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.clauderesilience.ratelimit.ClaudeRateLimiter;
import dev.clauderesilience.ratelimit.LimitSettings;
import dev.clauderesilience.ratelimit.OutputReservation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each property group reports its own invalid values, by their full names under the prefix it
 * is given, and lets valid ones pass.
 */
class PropertyGroupsTests {

	private final List<Reported> reported = new ArrayList<>();

	private final PropertyProblems problems = (property, value, problem, action) -> this.reported
		.add(new Reported(property, value, problem, action));

	@Test
	void defaultsShouldReportNothing() {
		new TimeoutsProperties().validate("claude.timeouts", this.problems);
		new ConnectionPoolProperties().validate("claude.connection-pool", this.problems);
		new LimitsProperties().validate("claude.limits", this.problems);
		new ResponseCacheProperties().validate("claude.cache", this.problems);
		new ReviewProperties().validate("claude.review", this.problems);
		new LoggingProperties().validate("claude.logging", this.problems);
		new WebIntegrationProperties().validate("claude.web", this.problems);
		new ObservabilityProperties().validate("claude.observability", this.problems);
		assertThat(this.reported).isEmpty();
	}

	@Test
	void observabilityShouldReportAPrefixThatIsNoMeterName() {
		ObservabilityProperties observability = new ObservabilityProperties();
		observability.setGenAiMeterPrefix("gen_ai");
		observability.validate("claude.observability", this.problems);
		assertThat(this.reported).isEmpty();
		observability.setGenAiMeterPrefix("My Meters");
		observability.validate("claude.observability", this.problems);
		assertThat(properties()).containsExactly("claude.observability.gen-ai-meter-prefix");
	}

	@Test
	void loggingShouldReportANegativeLengthAndAcceptZero() {
		LoggingProperties logging = new LoggingProperties();
		logging.setMaxTextLength(0);
		logging.validate("claude.logging", this.problems);
		assertThat(this.reported).isEmpty();
		logging.setMaxTextLength(-1);
		logging.validate("claude.logging", this.problems);
		assertThat(properties()).containsExactly("claude.logging.max-text-length");
	}

	@Test
	void webShouldReportARetryAfterThatIsNotAPositiveDuration() {
		WebIntegrationProperties web = new WebIntegrationProperties();
		web.getProblemDetails().setDefaultRetryAfter(Duration.ZERO);
		web.validate("claude.web", this.problems);
		assertThat(properties()).containsExactly("claude.web.problem-details.default-retry-after");
	}

	@Test
	void timeoutsShouldReportEveryTimeoutThatIsNotAPositiveDuration() {
		TimeoutsProperties timeouts = new TimeoutsProperties();
		timeouts.setConnect(Duration.ZERO);
		timeouts.setResponse(null);
		timeouts.validate("claude.timeouts", this.problems);
		assertThat(properties()).containsExactly("claude.timeouts.connect", "claude.timeouts.response");
		assertThat(this.reported.get(0).value()).isEqualTo("0ms");
		assertThat(this.reported.get(1).value()).isNull();
	}

	@Test
	void connectionPoolShouldReportEverySizeBelowOne() {
		ConnectionPoolProperties pool = new ConnectionPoolProperties();
		pool.setMaxConnections(0);
		pool.setMaxPendingAcquires(-1);
		pool.validate("claude.connection-pool", this.problems);
		assertThat(properties()).containsExactly("claude.connection-pool.max-connections",
				"claude.connection-pool.max-pending-acquires");
	}

	@Test
	void cacheShouldReportItsTtlsAndSize() {
		ResponseCacheProperties cache = new ResponseCacheProperties();
		cache.setTtl(Duration.ofSeconds(-1));
		cache.setStaleTtl(Duration.ofSeconds(-1));
		cache.setMaxEntries(0);
		cache.validate("claude.cache", this.problems);
		assertThat(properties()).containsExactly("claude.cache.ttl", "claude.cache.stale-ttl", "claude.cache.max-entries");
		assertThat(this.reported.get(1).action()).startsWith("Set claude.cache.stale-ttl to 0");
	}

	@Test
	void cacheShouldAcceptNoStaleAnswers() {
		ResponseCacheProperties cache = new ResponseCacheProperties();
		cache.setStaleTtl(Duration.ZERO);
		cache.validate("claude.cache", this.problems);
		assertThat(this.reported).isEmpty();
	}

	@Test
	void reviewShouldReportItsCapacityAndEveryPatternThatIsNotARegularExpression() {
		ReviewProperties review = new ReviewProperties();
		review.setCapacity(0);
		review.setMaskPatterns(List.of("[unclosed", "\\d{4}", "(open"));
		review.validate("claude.review", this.problems);
		assertThat(properties()).containsExactly("claude.review.capacity", "claude.review.mask-patterns",
				"claude.review.mask-patterns");
		assertThat(this.reported.subList(1, 3)).extracting(Reported::value).containsExactly("[unclosed", "(open");
	}

	@Test
	void limitsShouldReportTheirOwnAndThoseOfEveryModelTenantLaneAndOfRedis() {
		LimitsProperties limits = new LimitsProperties();
		limits.setRequestsPerMinute(0L);
		limits.setMaxPause(Duration.ZERO);
		limits.setMaxTenants(0);
		limits.setWarnUtilization(1.5);
		limits.setOutputEstimateFraction(0);
		ModelLimits haiku = new ModelLimits();
		haiku.setOutputTokensPerMinute(-1L);
		limits.getModels().put("claude-haiku-4-5", haiku);
		LimitsProperties.TenantLimits acme = new LimitsProperties.TenantLimits();
		acme.setTokensPerDay(0L);
		limits.getTenants().put("acme", acme);
		limits.getLanes().getBatch().setMinShare(1);
		limits.getLanes().getBatch().setMaxWait(Duration.ZERO);
		limits.getRedis().setExpectedInstances(0);
		limits.getRedis().setFallbackShare(0.5);
		limits.getRedis().setTimeout(null);
		limits.validate("claude.limits", this.problems);
		assertThat(properties()).containsExactly("claude.limits.requests-per-minute",
				"claude.limits.models.claude-haiku-4-5.output-tokens-per-minute", "claude.limits.max-pause",
				"claude.limits.lanes.batch.max-wait", "claude.limits.lanes.batch.min-share",
				"claude.limits.tenants.acme.tokens-per-day", "claude.limits.max-tenants",
				"claude.limits.redis.expected-instances", "claude.limits.redis.timeout",
				"claude.limits.output-estimate-fraction", "claude.limits.warn-utilization");
	}

	@Test
	void redisFallbackShareShouldDefaultToAnEqualShareOfTheExpectedInstances() {
		LimitsProperties.Redis redis = new LimitsProperties().getRedis();
		assertThat(redis.effectiveFallbackShare()).isEqualTo(0.5);
		redis.setExpectedInstances(4);
		assertThat(redis.effectiveFallbackShare()).isEqualTo(0.25);
		redis.setFallbackShare(1.5);
		assertThat(redis.effectiveFallbackShare()).isEqualTo(1.5);
		redis.validate("claude.limits.redis", this.problems);
		assertThat(this.reported).singleElement().satisfies((problem) -> {
			assertThat(problem.property()).isEqualTo("claude.limits.redis.fallback-share");
			assertThat(problem.value()).isEqualTo("1.5");
			assertThat(problem.problem()).isEqualTo("must be above 0 and at most 1");
		});
	}

	@Test
	void modelLimitsShouldBeReportedUnderThePrefixTheyAreGiven() {
		ModelLimits limits = new ModelLimits();
		limits.setRequestsPerMinute(0L);
		limits.setInputTokensPerMinute(0L);
		limits.setOutputTokensPerMinute(0L);
		limits.setTokensPerDay(0L);
		limits.validate("claude.limits.models.opus", this.problems);
		assertThat(properties()).containsExactly("claude.limits.models.opus.requests-per-minute",
				"claude.limits.models.opus.input-tokens-per-minute", "claude.limits.models.opus.output-tokens-per-minute",
				"claude.limits.models.opus.tokens-per-day");
		assertThat(this.reported).extracting(Reported::action)
			.allSatisfy((action) -> assertThat(action).endsWith("to a positive number, or remove it for no limit."));
	}

	@Test
	void limiterSettingsShouldCarryTheLimitsOfEveryModelTheLanesAndTheTenantsWithABudget() {
		LimitsProperties limits = new LimitsProperties();
		limits.setRequestsPerMinute(50L);
		ModelLimits haiku = new ModelLimits();
		haiku.setInputTokensPerMinute(40_000L);
		limits.getModels().put("claude-haiku-4-5", haiku);
		LimitsProperties.TenantLimits acme = new LimitsProperties.TenantLimits();
		acme.setTokensPerDay(1_000L);
		limits.getTenants().put("acme", acme);
		limits.getTenants().put("unbudgeted", new LimitsProperties.TenantLimits());
		limits.getLanes().getBatch().setMinShare(0.2);
		limits.setTenantTokensPerDay(500L);

		ClaudeRateLimiter.Settings settings = limits.toLimiterSettings();

		assertThat(settings.defaults()).isEqualTo(new LimitSettings(50L, null, null, null));
		assertThat(settings.models()).containsExactly(
				Map.entry("claude-haiku-4-5", new LimitSettings(null, 40_000L, null, null)));
		assertThat(settings.maxWait()).isEqualTo(limits.getMaxWait());
		assertThat(settings.lanes()).isEqualTo(new ClaudeRateLimiter.Lanes(0.2, Duration.ofMinutes(5)));
		assertThat(settings.tenants())
			.isEqualTo(new ClaudeRateLimiter.Tenants(500L, Map.of("acme", 1_000L), 10_000));
		assertThat(settings.outputReservation()).as("the default").isEqualTo(OutputReservation.ADAPTIVE);
		assertThat(settings.outputEstimateFraction()).isEqualTo(0.5);
	}

	private List<String> properties() {
		return this.reported.stream().map(Reported::property).toList();
	}

	record Reported(String property, String value, String problem, String action) {
	}

}
