package dev.clauderesilience.autoconfigure.health;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

import dev.clauderesilience.health.ClaudeHealthNames;
import dev.clauderesilience.health.ClaudeOverview;

/**
 * The {@code claude} health indicator: UP, {@link #DEGRADED} (near a
 * limit, on a fallback model, or near the daily budget; HTTP 200) or DOWN (the key is rejected,
 * or every model's circuit breaker is open), with the rate-limit figures as details. Meant for
 * a readiness group, not liveness: an outage at Anthropic must not get pods restarted.
 *
 * @since 0.1.0
 */
public final class ClaudeHealthIndicator implements HealthIndicator {

	/**
	 * Calls still succeed, but near a limit, on a fallback model or close to the daily budget;
	 * mapped to HTTP 200.
	 */
	public static final Status DEGRADED = new Status(ClaudeHealthNames.DEGRADED_CODE,
			ClaudeHealthNames.DEGRADED_DESCRIPTION);

	private final ClaudeOverview overview;

	/**
	 * An indicator.
	 * @param overview what it reports
	 */
	public ClaudeHealthIndicator(ClaudeOverview overview) {
		this.overview = overview;
	}

	@Override
	public Health health() {
		ClaudeOverview.Assessment assessment = this.overview.assess();
		return Health.status(status(assessment.level())).withDetails(this.overview.healthDetails(assessment)).build();
	}

	private static Status status(ClaudeOverview.Level level) {
		return switch (level) {
			case UP -> Status.UP;
			case DEGRADED -> DEGRADED;
			case DOWN -> Status.DOWN;
		};
	}

}
