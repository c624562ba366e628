package dev.clauderesilience.advisor;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.clauderesilience.client.Usage;
import dev.clauderesilience.metrics.LimitDimension.LimitReading;
import dev.clauderesilience.observation.ClaudeObserver;
import dev.clauderesilience.ratelimit.ClaudeRateLimiter;
import dev.clauderesilience.ratelimit.GroupLimiter;
import dev.clauderesilience.ratelimit.ModelGroups;

/**
 * The tier-upgrade advisor: counts each model group's requests, input and output tokens per
 * minute over a rolling window, and when the P95 of a dimension's per-minute usage over the
 * window's busy minutes reaches the warning fraction of its limit, advises requesting a higher
 * tier: one WARN per window, and {@link #advice()} for health and the {@code claude} endpoint.
 * <p>
 * The limit compared with is the one the API last reported, else the configured one. Only busy
 * minutes count, so that a quiet night does not hide a saturated day; a minimum number of them
 * keeps one burst at start-up from advising.
 *
 * @since 0.1.0
 */
public final class TierAdvisor implements ClaudeObserver {

	private static final Logger logger = LoggerFactory.getLogger(TierAdvisor.class);

	private static final int MAX_GROUPS = 16;

	private final ClaudeRateLimiter limiter;

	private final double warnUtilization;

	private final int windowMinutes;

	private final int minBusyMinutes;

	private final Clock clock;

	private final Map<String, UsageWindow> windows = new ConcurrentHashMap<>();

	private final AtomicLong evaluatedMinute = new AtomicLong(Long.MIN_VALUE);

	private final AtomicLong warnedMinute = new AtomicLong(Long.MIN_VALUE / 2);

	/**
	 * An advisor.
	 * @param limiter the limiter, for the limits of each group
	 * @param warnUtilization the fraction of a limit at or above which the P95 is advised on
	 * @param window the rolling window (whole minutes, at least one)
	 * @param minBusyMinutes how many minutes with traffic the window needs before it advises
	 * @param clock the clock
	 */
	public TierAdvisor(ClaudeRateLimiter limiter, double warnUtilization, Duration window, int minBusyMinutes,
			Clock clock) {
		this.limiter = limiter;
		this.warnUtilization = warnUtilization;
		this.windowMinutes = (int) Math.max(1, window.toMinutes());
		this.minBusyMinutes = Math.max(1, minBusyMinutes);
		this.clock = clock;
	}

	@Override
	public void callEnded(String requestedModel, String answeredModel, Outcome outcome, Duration duration,
			Usage usage) {
		long minute = currentMinute();
		adviseOnceAMinute(minute);
		// only answers from the API count toward its limits
		if (answeredModel == null || (outcome != Outcome.SUCCESS && outcome != Outcome.FALLBACK)) {
			return;
		}
		UsageWindow window = window(ModelGroups.of(answeredModel));
		if (window != null) {
			Usage used = (usage != null) ? usage : Usage.NONE;
			window.record(minute, 1, used.rateLimitedInputTokens(), used.outputTokens());
		}
	}

	private UsageWindow window(String group) {
		UsageWindow window = this.windows.get(group);
		if (window == null && this.windows.size() < MAX_GROUPS) {
			window = this.windows.computeIfAbsent(group, (name) -> new UsageWindow(this.windowMinutes));
		}
		return window;
	}

	// the first call of each minute looks back over the completed minutes
	private void adviseOnceAMinute(long minute) {
		long evaluated = this.evaluatedMinute.get();
		if (minute <= evaluated || !this.evaluatedMinute.compareAndSet(evaluated, minute)) {
			return;
		}
		List<TierAdvice> advice = advice(minute);
		long warned = this.warnedMinute.get();
		if (!advice.isEmpty() && minute - warned >= this.windowMinutes
				&& this.warnedMinute.compareAndSet(warned, minute)) {
			logger.warn("Claude API usage is close to its rate limits: {}",
					advice.stream().map(TierAdvice::message).collect(Collectors.joining("; ")));
		}
	}

	/**
	 * Forgets the usage of the window, as after a restart; for tests, through {@code ClaudeResilienceState.reset()}.
	 */
	public void reset() {
		this.windows.clear();
	}

	/**
	 * The advice now, from the completed minutes of the window.
	 * @return the advice, empty when no dimension is at or above the warning fraction
	 */
	public List<TierAdvice> advice() {
		return advice(currentMinute());
	}

	private List<TierAdvice> advice(long minute) {
		List<TierAdvice> advice = new ArrayList<>();
		for (GroupLimiter group : this.limiter.groups()) {
			UsageWindow window = this.windows.get(group.name());
			if (window == null) {
				continue;
			}
			UsageSummary summary = summary(window.busyMinutes(minute));
			if (summary.busyMinutes().size() < this.minBusyMinutes) {
				continue;
			}
			for (AdvisedDimension dimension : AdvisedDimension.values()) {
				LimitReading reading = dimension.limit.read(group, this.clock.instant());
				Long limit = reading.effectiveLimit();
				long p95 = summary.p95(dimension);
				if (limit != null && limit > 0 && p95 >= this.warnUtilization * limit) {
					advice.add(advice(group.name(), dimension, p95, limit));
				}
			}
		}
		return advice;
	}

	private TierAdvice advice(String group, AdvisedDimension dimension, long p95, long limit) {
		double utilization = p95 / (double) limit;
		String message = String.format(Locale.ROOT,
				"%s %s p95 %d%% of %,d/min over the last %s: consider requesting a higher tier", group,
				dimension.words, (long) Math.floor(utilization * 100), limit, windowInWords());
		return new TierAdvice(group, dimension.limit.tag(), p95, limit, utilization, message);
	}

	private String windowInWords() {
		if (this.windowMinutes == 60) {
			return "hour";
		}
		if (this.windowMinutes % 60 == 0) {
			return (this.windowMinutes / 60) + " hours";
		}
		return (this.windowMinutes == 1) ? "minute" : this.windowMinutes + " minutes";
	}

	/**
	 * Each model group's usage over the window's completed minutes.
	 * @return model group to usage, by name
	 */
	public Map<String, UsageSummary> usage() {
		long minute = currentMinute();
		Map<String, UsageSummary> usage = new TreeMap<>();
		this.windows.forEach((group, window) -> usage.put(group, summary(window.busyMinutes(minute))));
		return usage;
	}

	/**
	 * The rolling window.
	 * @return its length
	 */
	public Duration window() {
		return Duration.ofMinutes(this.windowMinutes);
	}

	private static UsageSummary summary(List<MinuteUsage> busy) {
		return new UsageSummary(Collections.unmodifiableList(busy), p95(busy, AdvisedDimension.REQUESTS),
				p95(busy, AdvisedDimension.INPUT_TOKENS), p95(busy, AdvisedDimension.OUTPUT_TOKENS));
	}

	// nearest rank: the smallest value at least 95% of the minutes do not exceed
	static long p95(List<MinuteUsage> minutes, AdvisedDimension dimension) {
		if (minutes.isEmpty()) {
			return 0;
		}
		long[] values = minutes.stream().mapToLong((minute) -> minute.get(dimension)).toArray();
		Arrays.sort(values);
		int rank = (int) Math.ceil(0.95 * values.length);
		return values[Math.max(0, rank - 1)];
	}

	private long currentMinute() {
		return Math.floorDiv(this.clock.millis(), 60_000L);
	}

}
