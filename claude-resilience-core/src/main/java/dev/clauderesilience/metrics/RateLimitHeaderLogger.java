package dev.clauderesilience.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.clauderesilience.client.Usage;
import dev.clauderesilience.observation.ClaudeObserver;
import dev.clauderesilience.ratelimit.ClaudeRateLimiter;
import dev.clauderesilience.ratelimit.GroupLimiter;
import dev.clauderesilience.ratelimit.ModelGroups;
import dev.clauderesilience.client.RateLimitSnapshot;

/**
 * Logs the rate-limit headers of each answer at DEBUG, in one line, from the snapshot the
 * limiter learnt: after every call and every retried attempt, once per new snapshot. Under
 * concurrency an answer superseded before it is logged is skipped; the latest is always logged.
 *
 * @since 0.1.0
 */
public final class RateLimitHeaderLogger implements ClaudeObserver {

	private static final Logger logger = LoggerFactory.getLogger(RateLimitHeaderLogger.class);

	private final ClaudeRateLimiter limiter;

	private final Map<String, RateLimitSnapshot> logged = new ConcurrentHashMap<>();

	/**
	 * A logger of the limiter's snapshots.
	 * @param limiter the limiter
	 */
	public RateLimitHeaderLogger(ClaudeRateLimiter limiter) {
		this.limiter = limiter;
	}

	@Override
	public void callEnded(String requestedModel, String answeredModel, Outcome outcome, Duration duration,
			Usage usage) {
		log((answeredModel != null) ? answeredModel : requestedModel);
	}

	@Override
	public void retrying(String model, String reason) {
		log(model);
	}

	private void log(String model) {
		if (model == null || !logger.isDebugEnabled()) {
			return;
		}
		String name = ModelGroups.of(model);
		for (GroupLimiter group : this.limiter.groups()) {
			if (group.name().equals(name)) {
				RateLimitSnapshot snapshot = group.lastSnapshot();
				RateLimitSnapshot previous = this.logged.put(name, snapshot);
				if (snapshot != RateLimitSnapshot.EMPTY && snapshot != previous) {
					logger.debug(format(name, snapshot));
				}
				return;
			}
		}
	}

	static String format(String group, RateLimitSnapshot snapshot) {
		StringJoiner line = new StringJoiner(", ", "Claude rate limits for " + group + " (request-id "
				+ snapshot.requestId() + "): ", "");
		append(line, "requests", snapshot.requests());
		append(line, "input-tokens", snapshot.inputTokens());
		append(line, "output-tokens", snapshot.outputTokens());
		append(line, "tokens", snapshot.tokens());
		append(line, "priority-input-tokens", snapshot.priorityInputTokens());
		append(line, "priority-output-tokens", snapshot.priorityOutputTokens());
		if (snapshot.retryAfter() != null) {
			line.add("retry-after " + snapshot.retryAfter().toMillis() + "ms");
		}
		return line.toString();
	}

	private static void append(StringJoiner line, String name, RateLimitSnapshot.Limit limit) {
		if (limit != null && limit.isKnown()) {
			line.add(name + " " + limit.remaining() + "/" + limit.limit() + " reset " + limit.reset());
		}
	}

}
