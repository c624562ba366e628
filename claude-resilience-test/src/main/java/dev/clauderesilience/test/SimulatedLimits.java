package dev.clauderesilience.test;

import java.time.Duration;

/**
 * Per-minute limits the {@link ClaudeSimulator} enforces for one model group, each as a
 * continuously refilled token bucket whose capacity is the rate per second times {@code burst}.
 * A {@code null} or non-positive limit means unlimited.
 *
 * @param requestsPerMinute requests per minute (RPM), {@code null} or 0 for unlimited
 * @param inputTokensPerMinute input tokens per minute (ITPM), {@code null} or 0 for unlimited
 * @param outputTokensPerMinute output tokens per minute (OTPM), {@code null} or 0 for unlimited
 * @param burst how many seconds' worth of each rate a bucket holds, 3 seconds when {@code null}
 * @author claude-resilience
 * @since 0.1.0
 */
public record SimulatedLimits(Long requestsPerMinute, Long inputTokensPerMinute, Long outputTokensPerMinute,
		Duration burst) {

	/**
	 * Default burst: three seconds' worth of each rate.
	 */
	public static final Duration DEFAULT_BURST = Duration.ofSeconds(3);

	public SimulatedLimits {
		if (burst == null) {
			burst = DEFAULT_BURST;
		}
		if (burst.isNegative() || burst.isZero()) {
			throw new IllegalArgumentException("burst must be positive");
		}
	}

	/**
	 * Limits with the given per-minute rates (0 for unlimited) and the default burst.
	 * @param requestsPerMinute requests per minute
	 * @param inputTokensPerMinute input tokens per minute
	 * @param outputTokensPerMinute output tokens per minute
	 * @return the limits
	 */
	public static SimulatedLimits of(long requestsPerMinute, long inputTokensPerMinute, long outputTokensPerMinute) {
		return new SimulatedLimits(requestsPerMinute, inputTokensPerMinute, outputTokensPerMinute, DEFAULT_BURST);
	}

	/**
	 * No limits at all; the simulator still reports large limits in its headers.
	 * @return unlimited limits
	 */
	public static SimulatedLimits unlimited() {
		return new SimulatedLimits(null, null, null, DEFAULT_BURST);
	}

	/**
	 * A copy of these limits with another burst.
	 * @param burst how many seconds' worth of each rate a bucket holds
	 * @return the new limits
	 */
	public SimulatedLimits withBurst(Duration burst) {
		return new SimulatedLimits(this.requestsPerMinute, this.inputTokensPerMinute, this.outputTokensPerMinute, burst);
	}

}
