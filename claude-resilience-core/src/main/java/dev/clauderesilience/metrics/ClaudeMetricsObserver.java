package dev.clauderesilience.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.Usage;
import dev.clauderesilience.observation.BoundedTagValues;
import dev.clauderesilience.observation.ClaudeObserver;
import dev.clauderesilience.ratelimit.ClaudeRateLimiter;
import dev.clauderesilience.ratelimit.GroupLimiter;
import dev.clauderesilience.ratelimit.ModelGroups;

/**
 * Records what the pipeline does as Micrometer meters (names in {@link ClaudeMeterNames}), and
 * publishes each model group's rate limits as gauges from the first time the group is seen.
 * Tag values are model ids (at most {@value #MAX_MODELS} distinct ones, the rest
 * {@code other}) and fixed words; never prompts, ids or keys.
 *
 * @since 0.1.0
 */
public final class ClaudeMetricsObserver implements ClaudeObserver {

	/** How many distinct model ids become tag values. */
	public static final int MAX_MODELS = 32;

	/** How many distinct tenants get their own tag value; later ones are tagged {@code other}. */
	public static final int MAX_TENANTS = 20;

	private static final int MAX_GROUPS = 16;

	// the retry reasons an alert is most likely set on
	private static final List<String> ZERO_REASONS = List.of("rate_limit_error", "overloaded_error", "api_error",
			"timeout", "connection_error");

	// every call that was admitted reports its wait: its lane's tag is not worked out each time
	private static final String[] LANE_TAGS = Arrays.stream(ClaudeRequest.Priority.values())
		.map((lane) -> lane.name().toLowerCase(Locale.ROOT))
		.toArray(String[]::new);

	private final MeterRegistry registry;

	private final ClaudeRateLimiter limiter;

	private final Clock clock;

	private final BoundedTagValues models;

	private final BoundedTagValues groups = new BoundedTagValues(MAX_GROUPS);

	private final BoundedTagValues tenants = new BoundedTagValues(MAX_TENANTS);

	private final Set<String> gaugedGroups = ConcurrentHashMap.newKeySet();

	private final Map<List<String>, Meter> meters = new ConcurrentHashMap<>();

	private final String tokenUsage;

	private final String operationDuration;

	private final Function<List<String>, Meter> requestsMeter = counter(ClaudeMeterNames.REQUESTS,
			"Calls to the Claude API, by how they ended", null, ClaudeMeterNames.TAG_MODEL,
			ClaudeMeterNames.TAG_OUTCOME);

	private final Function<List<String>, Meter> retriesMeter = counter(ClaudeMeterNames.RETRIES,
			"Claude API attempts that failed and were retried", null, ClaudeMeterNames.TAG_MODEL,
			ClaudeMeterNames.TAG_REASON);

	private final Function<List<String>, Meter> fallbacksMeter = counter(ClaudeMeterNames.FALLBACKS,
			"Claude API calls moved on to a fallback model", null, ClaudeMeterNames.TAG_FROM, ClaudeMeterNames.TAG_TO);

	private final Function<List<String>, Meter> tenantTokensMeter = counter(ClaudeMeterNames.TENANT_TOKENS,
			"Tokens Claude answers used, per tenant (the first 20 tenants seen, the rest tagged other)", "tokens",
			ClaudeMeterNames.TAG_TENANT, ClaudeMeterNames.TOKEN_TYPE);

	private final Function<List<String>, Meter> operationDurationMeter = this::registerOperationDuration;

	private final Function<List<String>, Meter> tokensMeter = this::registerTokens;

	private final Function<List<String>, Meter> limiterWaitMeter = this::registerLimiterWait;

	/**
	 * An observer recording into a registry, its GenAI-shaped meters under the default prefix.
	 * @param registry the registry
	 * @param limiter the client-side limiter whose groups are published as gauges
	 * @param defaultModel the model whose group's gauges are registered at once, or {@code null}
	 * @param clock the clock
	 */
	public ClaudeMetricsObserver(MeterRegistry registry, ClaudeRateLimiter limiter, String defaultModel, Clock clock) {
		this(registry, limiter, defaultModel, clock, ClaudeMeterNames.DEFAULT_GEN_AI_PREFIX);
	}

	/**
	 * An observer recording into a registry.
	 * @param registry the registry
	 * @param limiter the client-side limiter whose groups are published as gauges
	 * @param defaultModel the model whose group's gauges are registered at once, or {@code null}
	 * @param clock the clock
	 * @param genAiPrefix the prefix of the names of the token usage and operation duration meters
	 * (see {@link ClaudeMeterNames#tokenUsage(String)})
	 * @since 0.2.0
	 */
	public ClaudeMetricsObserver(MeterRegistry registry, ClaudeRateLimiter limiter, String defaultModel, Clock clock,
			String genAiPrefix) {
		this(registry, limiter, defaultModel, clock, genAiPrefix, MAX_MODELS);
	}

	ClaudeMetricsObserver(MeterRegistry registry, ClaudeRateLimiter limiter, String defaultModel, Clock clock,
			String genAiPrefix, int maxModels) {
		this.registry = registry;
		this.limiter = limiter;
		this.clock = clock;
		this.tokenUsage = ClaudeMeterNames.tokenUsage(genAiPrefix);
		this.operationDuration = ClaudeMeterNames.operationDuration(genAiPrefix);
		this.models = new BoundedTagValues(maxModels);
		if (defaultModel != null) {
			gaugeGroupOf(defaultModel);
		}
	}

	// Every call records here: meters are looked up once per tag combination (bounded by
	// BoundedTagValues) and then kept, instead of being built and registered on each call. The key
	// is the meter's name and its tag values, and each kind of meter is registered from its key by
	// a function made once (a lambda made at each call would be one more object per call)
	@SuppressWarnings("unchecked")
	private <M extends Meter> M meter(List<String> key, Function<List<String>, Meter> register) {
		return (M) this.meters.computeIfAbsent(key, register);
	}

	// a counter tagged with the two values after the name in its key
	private Function<List<String>, Meter> counter(String name, String description, String baseUnit, String firstTag,
			String secondTag) {
		return (key) -> Counter.builder(name)
			.description(description)
			.baseUnit(baseUnit)
			.tags(firstTag, key.get(1), secondTag, key.get(2))
			.register(this.registry);
	}

	private Meter registerOperationDuration(List<String> key) {
		return Timer.builder(this.operationDuration)
			.description("Duration of Claude API calls end to end, waits and retries included")
			.tags(genAi(key.get(1), key.get(2)).and(ClaudeMeterNames.TAG_OUTCOME, key.get(3)))
			.register(this.registry);
	}

	private Meter registerTokens(List<String> key) {
		return DistributionSummary.builder(this.tokenUsage)
			.description("Tokens used per Claude API answer")
			.baseUnit("tokens")
			.tags(genAi(key.get(1), key.get(2)).and(ClaudeMeterNames.TOKEN_TYPE, key.get(3)))
			.publishPercentiles(0.5, 0.95, 0.99)
			.register(this.registry);
	}

	private Meter registerLimiterWait(List<String> key) {
		return Timer.builder(ClaudeMeterNames.LIMITER_WAIT)
			.description("Time Claude API calls waited for client-side rate-limit capacity")
			.tags(ClaudeMeterNames.TAG_MODEL, key.get(1), ClaudeMeterNames.TAG_LANE, key.get(2))
			.register(this.registry);
	}

	@Override
	public void callEnded(String requestedModel, String answeredModel, Outcome outcome, Duration duration,
			Usage usage) {
		String requested = this.models.model(requestedModel);
		String answered = this.models.model(answeredModel);
		this.<Counter>meter(List.of(ClaudeMeterNames.REQUESTS, requested, outcome.tag()), this.requestsMeter)
			.increment();
		this.<Timer>meter(List.of(ClaudeMeterNames.OPERATION_DURATION, requested, answered, outcome.tag()),
				this.operationDurationMeter)
			.record(duration);
		if (usage != null && !Usage.NONE.equals(usage)) {
			// OpenTelemetry counts every prompt token as input, cached ones included
			long input = (long) usage.inputTokens() + usage.cacheCreationInputTokens() + usage.cacheReadInputTokens();
			tokens(requested, answered, ClaudeMeterNames.TOKEN_TYPE_INPUT).record(input);
			tokens(requested, answered, ClaudeMeterNames.TOKEN_TYPE_OUTPUT).record(usage.outputTokens());
		}
		gaugeGroupOf((answeredModel != null) ? answeredModel : requestedModel);
	}

	/**
	 * Registers, at zero, the retry and fallback counters of the configured models, so that
	 * dashboards and alerts can be set up before the first retry or fallback happens.
	 * @param models the default model, then the fallback models, in order
	 */
	public void registerAtZero(List<String> models) {
		List<String> chain = models.stream().distinct().toList();
		for (String model : chain) {
			for (String reason : ZERO_REASONS) {
				retries(model, reason);
			}
		}
		for (int from = 0; from < chain.size(); from++) {
			for (int to = from + 1; to < chain.size(); to++) {
				fallbacks(chain.get(from), chain.get(to));
			}
		}
	}

	@Override
	public void retrying(String model, String reason) {
		retries(model, reason).increment();
	}

	private Counter retries(String model, String reason) {
		String modelTag = this.models.model(model);
		String reasonTag = BoundedTagValues.reason(reason);
		return meter(List.of(ClaudeMeterNames.RETRIES, modelTag, reasonTag), this.retriesMeter);
	}

	@Override
	public void fallingBack(String from, String to) {
		fallbacks(from, to).increment();
	}

	private Counter fallbacks(String from, String to) {
		String fromTag = this.models.model(from);
		String toTag = this.models.model(to);
		return meter(List.of(ClaudeMeterNames.FALLBACKS, fromTag, toTag), this.fallbacksMeter);
	}

	@Override
	public void tenantCharged(String tenant, Usage usage) {
		String tenantTag = this.tenants.model(tenant);
		for (String type : List.of(ClaudeMeterNames.TOKEN_TYPE_INPUT, ClaudeMeterNames.TOKEN_TYPE_OUTPUT)) {
			long tokens = ClaudeMeterNames.TOKEN_TYPE_INPUT.equals(type) ? usage.rateLimitedInputTokens()
					: usage.outputTokens();
			this.<Counter>meter(List.of(ClaudeMeterNames.TENANT_TOKENS, tenantTag, type), this.tenantTokensMeter)
				.increment(tokens);
		}
	}

	@Override
	public void waitedForCapacity(String model, ClaudeRequest.Priority lane, Duration waited) {
		String modelTag = this.models.model(model);
		String laneTag = LANE_TAGS[lane.ordinal()];
		this.<Timer>meter(List.of(ClaudeMeterNames.LIMITER_WAIT, modelTag, laneTag), this.limiterWaitMeter)
			.record(waited);
	}

	private DistributionSummary tokens(String requested, String answered, String type) {
		return meter(List.of(ClaudeMeterNames.TOKEN_USAGE, requested, answered, type), this.tokensMeter);
	}

	private static Tags genAi(String requested, String answered) {
		return Tags.of(ClaudeMeterNames.TAG_OPERATION_NAME, ClaudeMeterNames.OPERATION_CHAT,
				ClaudeMeterNames.TAG_PROVIDER_NAME, ClaudeMeterNames.PROVIDER_ANTHROPIC,
				ClaudeMeterNames.TAG_REQUEST_MODEL, requested, ClaudeMeterNames.TAG_RESPONSE_MODEL, answered);
	}

	private void gaugeGroupOf(String model) {
		if (model == null) {
			return;
		}
		String group = ModelGroups.of(model);
		if (this.gaugedGroups.contains(group) || !group.equals(this.groups.model(group))
				|| !this.gaugedGroups.add(group)) {
			return;
		}
		for (LimitDimension dimension : LimitDimension.values()) {
			Tags tags = Tags.of(ClaudeMeterNames.TAG_GROUP, group, ClaudeMeterNames.TAG_DIMENSION, dimension.tag());
			gauge(ClaudeMeterNames.RATELIMIT_LIMIT, "A Claude rate limit: the API's, else the configured one", tags,
					group, (limits) -> value(dimension.read(limits, this.clock.instant()).effectiveLimit()));
			gauge(ClaudeMeterNames.RATELIMIT_REMAINING, "What remains of a Claude rate limit", tags, group,
					(limits) -> value(dimension.read(limits, this.clock.instant()).remaining()));
			gauge(ClaudeMeterNames.RATELIMIT_UTILIZATION, "The used fraction of a Claude rate limit", tags, group,
					(limits) -> value(dimension.read(limits, this.clock.instant()).utilization()));
		}
		gauge(ClaudeMeterNames.DAILY_TOKENS_USED, "Tokens used today against the Claude daily token budget",
				Tags.of(ClaudeMeterNames.TAG_GROUP, group), group, (limits) -> {
					ClaudeRateLimiter.BudgetReading budget = limits.dailyBudget();
					return (budget != null) ? budget.used() : Double.NaN;
				});
	}

	private void gauge(String name, String description, Tags tags, String group,
			ToDoubleFunction<GroupLimiter> reading) {
		// looked up on each read, never created: a gauge must not create a limiter group
		Gauge.builder(name, this.limiter, (limiter) -> limiter.groups()
			.stream()
			.filter((limits) -> limits.name().equals(group))
			.findFirst()
			.map(reading::applyAsDouble)
			.orElse(Double.NaN)).description(description).tags(tags).strongReference(true).register(this.registry);
	}

	private static double value(Number number) {
		return (number != null) ? number.doubleValue() : Double.NaN;
	}

}
