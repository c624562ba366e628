package dev.clauderesilience.health;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import dev.clauderesilience.advisor.MinuteUsage;
import dev.clauderesilience.advisor.TierAdvice;
import dev.clauderesilience.advisor.TierAdvisor;
import dev.clauderesilience.advisor.UsageSummary;
import dev.clauderesilience.breaker.ModelCircuitBreakers;
import dev.clauderesilience.client.ClaudeApiKeyMissingException;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.errors.AuthenticationGuard;
import dev.clauderesilience.metrics.LimitDimension;
import dev.clauderesilience.metrics.LimitDimension.LimitReading;
import dev.clauderesilience.ratelimit.ClaudeRateLimiter;
import dev.clauderesilience.ratelimit.GroupLimiter;
import dev.clauderesilience.client.RateLimitSnapshot;

/**
 * The whole picture of the starter's view of the Claude API, read from the limiter, the
 * breakers, the authentication guard, the outcomes and the tier advisor: the {@code claude}
 * health indicator's status and details, and the {@code claude} endpoint's report. The one
 * place that decides UP, DEGRADED or DOWN.
 *
 * @since 0.1.0
 */
public final class ClaudeOverview {

	private static final int TOP_TENANTS = 10;

	private final ClaudeRateLimiter limiter;

	private final ModelCircuitBreakers breakers;

	private final AuthenticationGuard authenticationGuard;

	private final OutcomeTracker outcomes;

	private final TierAdvisor advisor;

	private final String defaultModel;

	private final double warnUtilization;

	private final Clock clock;

	/**
	 * An overview.
	 * @param limiter the client-side limiter (its groups hold the latest headers)
	 * @param breakers the per-model circuit breakers
	 * @param authenticationGuard the guard that knows of a rejected key
	 * @param outcomes the outcome tracker
	 * @param advisor the tier advisor, or {@code null} when disabled
	 * @param defaultModel the default model, whose group is described first (and before any call)
	 * @param warnUtilization the used fraction of a limit at or above which the status is DEGRADED
	 * @param clock the clock
	 */
	public ClaudeOverview(ClaudeRateLimiter limiter, ModelCircuitBreakers breakers,
			AuthenticationGuard authenticationGuard, OutcomeTracker outcomes, TierAdvisor advisor, String defaultModel,
			double warnUtilization, Clock clock) {
		this.limiter = limiter;
		this.breakers = breakers;
		this.authenticationGuard = authenticationGuard;
		this.outcomes = outcomes;
		this.advisor = advisor;
		this.defaultModel = defaultModel;
		this.warnUtilization = warnUtilization;
		this.clock = clock;
	}

	/**
	 * Decides the status now.
	 * @return the assessment
	 */
	public Assessment assess() {
		Instant now = this.clock.instant();
		double utilization = utilization(groups(), now);
		List<String> reasons = new ArrayList<>();
		if (this.authenticationGuard.isKeyMissing()) {
			reasons.add(ClaudeApiKeyMissingException.REASON);
		}
		Instant authenticationFailedAt = this.authenticationGuard.failingSince();
		if (authenticationFailedAt != null) {
			reasons.add("the API rejected the API key (401) at " + authenticationFailedAt);
		}
		Map<String, CircuitBreaker.State> states = this.breakers.states();
		if (!states.isEmpty() && states.values().stream().allMatch(ClaudeOverview::refuses)) {
			reasons.add("every model's circuit breaker is open");
		}
		if (!reasons.isEmpty()) {
			return new Assessment(Level.DOWN, utilization, List.copyOf(reasons));
		}
		if (utilization >= this.warnUtilization) {
			reasons.add(String.format(Locale.ROOT, "rate-limit utilization %d%% is at or above %d%%",
					(long) Math.floor(utilization * 100), Math.round(this.warnUtilization * 100)));
		}
		if (this.outcomes.fallbackActive()) {
			reasons.add("a fallback model is serving");
		}
		for (GroupLimiter group : groups()) {
			if (group.pausedUntil().isAfter(now)) {
				reasons.add("the API rate-limited " + group.name() + ": its calls are held back until "
						+ group.pausedUntil());
			}
		}
		this.limiter.degradedReason().ifPresent(reasons::add);
		return new Assessment(reasons.isEmpty() ? Level.UP : Level.DEGRADED, utilization, List.copyOf(reasons));
	}

	private static boolean refuses(CircuitBreaker.State state) {
		return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
	}

	/**
	 * The health indicator's details: the default model's group's limits at the top level,
	 * other groups beside them, breakers, fallback, utilization and advice.
	 * @param assessment the assessment the details go with
	 * @return the details, in a stable order
	 */
	public Map<String, Object> healthDetails(Assessment assessment) {
		Instant now = this.clock.instant();
		List<GroupLimiter> groups = groups();
		Map<String, Object> details = new LinkedHashMap<>();
		if (!assessment.reasons().isEmpty()) {
			details.put(ClaudeHealthNames.REASONS, assessment.reasons());
		}
		if (!groups.isEmpty()) {
			GroupLimiter primary = groups.get(0);
			details.put(ClaudeHealthNames.MODEL_GROUP, primary.name());
			details.putAll(limits(primary, now));
			Map<String, Object> others = new TreeMap<>();
			groups.stream().skip(1).forEach((group) -> others.put(group.name(), limits(group, now)));
			if (!others.isEmpty()) {
				details.put(ClaudeHealthNames.OTHER_MODEL_GROUPS, others);
			}
		}
		details.put(ClaudeHealthNames.CIRCUIT_BREAKERS, breakerStates());
		details.put(ClaudeHealthNames.FALLBACK_ACTIVE, this.outcomes.fallbackActive());
		groups.stream()
			.map(GroupLimiter::lastRateLimitedAt)
			.filter((at) -> at != null)
			.max(Comparator.naturalOrder())
			.ifPresent((at) -> details.put(ClaudeHealthNames.LAST_RATE_LIMITED_AT, at.toString()));
		Instant authenticationFailedAt = this.authenticationGuard.failingSince();
		if (authenticationFailedAt != null) {
			details.put(ClaudeHealthNames.AUTHENTICATION_FAILED_AT, authenticationFailedAt.toString());
		}
		details.put(ClaudeHealthNames.UTILIZATION, rounded(assessment.utilization()));
		details.put(ClaudeHealthNames.WARN_UTILIZATION, this.warnUtilization);
		details.put(ClaudeHealthNames.TIER_ADVICE, advice().stream().map(TierAdvice::message).toList());
		return details;
	}

	/**
	 * The {@code claude} endpoint's report: status, configured and server-reported limits with
	 * what remains, the per-minute usage of the advisor's window with its P95s, breaker states,
	 * the cache hit ratio, the daily budget and the advice.
	 * @return the report, in a stable order
	 */
	public Map<String, Object> report() {
		Instant now = this.clock.instant();
		Assessment assessment = assess();
		Map<String, UsageSummary> usage = (this.advisor != null) ? this.advisor.usage() : Map.of();
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("status", assessment.level().name());
		report.put(ClaudeHealthNames.REASONS, assessment.reasons());
		report.put(ClaudeHealthNames.UTILIZATION, rounded(assessment.utilization()));
		report.put(ClaudeHealthNames.WARN_UTILIZATION, this.warnUtilization);
		Map<String, Object> groups = new LinkedHashMap<>();
		for (GroupLimiter group : groups()) {
			Map<String, Object> described = new LinkedHashMap<>();
			described.put("limits", limits(group, now));
			if (group.lastRateLimitedAt() != null) {
				described.put(ClaudeHealthNames.LAST_RATE_LIMITED_AT, group.lastRateLimitedAt().toString());
			}
			described.put("usage", usage(usage.get(group.name())));
			described.put("lanes", lanes(group));
			long learned = group.learnedOutputReservation();
			described.put("learnedOutputReservation", (learned >= 0) ? learned : null);
			groups.put(group.name(), described);
		}
		report.put("modelGroups", groups);
		report.put(ClaudeHealthNames.CIRCUIT_BREAKERS, breakerStates());
		report.put(ClaudeHealthNames.FALLBACK_ACTIVE, this.outcomes.fallbackActive());
		Instant authenticationFailedAt = this.authenticationGuard.failingSince();
		if (authenticationFailedAt != null) {
			report.put(ClaudeHealthNames.AUTHENTICATION_FAILED_AT, authenticationFailedAt.toString());
		}
		report.put("cache", cache());
		report.put("tenants", this.limiter.topTenants(TOP_TENANTS)
			.stream()
			.map((tenant) -> Map.of("tenant", tenant.tenant(), "tokensToday", tenant.tokens(), "requestsToday",
					tenant.requests()))
			.toList());
		report.put(ClaudeHealthNames.TIER_ADVICE, advice());
		return report;
	}

	// how many calls wait for capacity in each lane, and how long calls waited lately
	private static Map<String, Object> lanes(GroupLimiter group) {
		Map<String, Object> lanes = new LinkedHashMap<>();
		for (ClaudeRequest.Priority lane : ClaudeRequest.Priority.values()) {
			Map<String, Object> figures = new LinkedHashMap<>();
			figures.put("waiting", group.waiting(lane));
			figures.put("waitP95", group.waitP95(lane).toString());
			lanes.put(lane.name().toLowerCase(Locale.ROOT), figures);
		}
		return lanes;
	}

	private Map<String, Object> usage(UsageSummary summary) {
		Map<String, Object> usage = new LinkedHashMap<>();
		usage.put("window", (this.advisor != null) ? this.advisor.window().toString() : null);
		if (summary == null) {
			usage.put("busyMinutes", 0);
			usage.put("history", List.of());
			return usage;
		}
		usage.put("busyMinutes", summary.busyMinutes().size());
		Map<String, Object> p95 = new LinkedHashMap<>();
		p95.put(LimitDimension.REQUESTS.key(), summary.requestsP95());
		p95.put(LimitDimension.INPUT_TOKENS.key(), summary.inputTokensP95());
		p95.put(LimitDimension.OUTPUT_TOKENS.key(), summary.outputTokensP95());
		usage.put("p95", p95);
		List<Map<String, Object>> history = new ArrayList<>();
		for (MinuteUsage minute : summary.busyMinutes()) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("minute", minute.minute().toString());
			entry.put(LimitDimension.REQUESTS.key(), minute.requests());
			entry.put(LimitDimension.INPUT_TOKENS.key(), minute.inputTokens());
			entry.put(LimitDimension.OUTPUT_TOKENS.key(), minute.outputTokens());
			history.add(entry);
		}
		usage.put("history", history);
		return usage;
	}

	private Map<String, Object> cache() {
		Map<String, Object> cache = new LinkedHashMap<>();
		long calls = this.outcomes.calls();
		long hits = this.outcomes.cacheHits();
		cache.put("calls", calls);
		cache.put("hits", hits);
		cache.put("staleAnswers", this.outcomes.staleAnswers());
		cache.put("hitRatio", (calls > 0) ? rounded(hits / (double) calls) : 0d);
		return cache;
	}

	private List<TierAdvice> advice() {
		return (this.advisor != null) ? this.advisor.advice() : List.of();
	}

	// the default model's group first (created if no call made it yet), then the others by name
	private List<GroupLimiter> groups() {
		List<GroupLimiter> groups = new ArrayList<>();
		GroupLimiter primary = (this.defaultModel != null) ? this.limiter.group(this.defaultModel) : null;
		if (primary != null) {
			groups.add(primary);
		}
		this.limiter.groups()
			.stream()
			.filter((group) -> group != primary)
			.sorted(Comparator.comparing(GroupLimiter::name))
			.forEach(groups::add);
		return groups;
	}

	private static double utilization(Collection<GroupLimiter> groups, Instant now) {
		double highest = 0;
		for (GroupLimiter group : groups) {
			for (LimitDimension dimension : LimitDimension.values()) {
				Double utilization = dimension.read(group, now).utilization();
				if (utilization != null) {
					highest = Math.max(highest, utilization);
				}
			}
		}
		return highest;
	}

	private static Map<String, Object> limits(GroupLimiter group, Instant now) {
		Map<String, Object> limits = new LinkedHashMap<>();
		for (LimitDimension dimension : LimitDimension.values()) {
			LimitReading reading = dimension.read(group, now);
			Map<String, Object> figures = (dimension == LimitDimension.DAILY_TOKENS) ? daily(reading)
					: perMinute(reading);
			if (!figures.isEmpty()) {
				limits.put(dimension.key(), figures);
			}
		}
		RateLimitSnapshot snapshot = group.lastSnapshot();
		limits.put(ClaudeHealthNames.RATE_LIMIT_HEADERS,
				(snapshot.receivedAt() != null) ? snapshot.receivedAt().toString() : ClaudeHealthNames.NO_HEADERS_YET);
		return limits;
	}

	private static Map<String, Object> perMinute(LimitReading reading) {
		Map<String, Object> figures = new LinkedHashMap<>();
		putIfKnown(figures, "limit", reading.limit());
		putIfKnown(figures, "remaining", reading.remaining());
		putIfKnown(figures, "reset", (reading.reset() != null) ? reading.reset().toString() : null);
		putIfKnown(figures, "configured", reading.configured());
		putIfKnown(figures, "clientRemaining", reading.clientRemaining());
		putIfKnown(figures, ClaudeHealthNames.UTILIZATION,
				(reading.utilization() != null) ? rounded(reading.utilization()) : null);
		return figures;
	}

	private static Map<String, Object> daily(LimitReading reading) {
		Map<String, Object> figures = new LinkedHashMap<>();
		if (reading.limit() != null) {
			figures.put("limit", reading.limit());
			figures.put("used", reading.used());
			figures.put("remaining", reading.remaining());
			figures.put("resetsAt", reading.reset().toString());
			figures.put(ClaudeHealthNames.UTILIZATION, rounded(reading.utilization()));
		}
		return figures;
	}

	private static void putIfKnown(Map<String, Object> figures, String key, Object value) {
		if (value != null) {
			figures.put(key, value);
		}
	}

	private Map<String, String> breakerStates() {
		Map<String, String> states = new TreeMap<>();
		this.breakers.states().forEach((model, state) -> states.put(model, state.name()));
		return states;
	}

	private static double rounded(double fraction) {
		return Math.round(fraction * 1000) / 1000d;
	}

	/**
	 * How the Claude API is doing, as far as the client can tell.
	 */
	public enum Level {

		/** Calls succeed with headroom. */
		UP,

		/** Calls succeed, but near a limit or on a fallback model. */
		DEGRADED,

		/** Calls cannot succeed: the key is rejected, or every model's breaker is open. */
		DOWN

	}

	/**
	 * The status now.
	 *
	 * @param level the level
	 * @param utilization the highest used fraction over all limits
	 * @param reasons why the level is not {@link Level#UP}
	 * @since 0.1.0
	 */
	public record Assessment(Level level, double utilization, List<String> reasons) {
	}

}
