package dev.clauderesilience.autoconfigure;

import java.time.Duration;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the tier-upgrade advisor ({@code claude.advisor.*}); the fraction it warns
 * at is {@code claude.limits.warn-utilization}.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("claude.advisor")
public class ClaudeObservabilityProperties implements InitializingBean {

	private static final Duration LONGEST_WINDOW = Duration.ofDays(1);

	/**
	 * Whether to track per-minute usage and advise, at WARN and in health, when a higher
	 * rate-limit tier is needed.
	 */
	private boolean enabled = true;

	/**
	 * Rolling window over which the P95 of per-minute usage is compared with the limits, in
	 * whole minutes (at most 1d); also the least time between two warnings.
	 */
	private Duration window = Duration.ofHours(1);

	/**
	 * Least number of minutes with traffic in the window before the advisor advises, so that
	 * one burst does not.
	 */
	private int minBusyMinutes = 5;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getWindow() {
		return this.window;
	}

	public void setWindow(Duration window) {
		this.window = window;
	}

	public int getMinBusyMinutes() {
		return this.minBusyMinutes;
	}

	public void setMinBusyMinutes(int minBusyMinutes) {
		this.minBusyMinutes = minBusyMinutes;
	}

	@Override
	public void afterPropertiesSet() {
		if (this.window == null || this.window.toMinutes() < 1 || this.window.compareTo(LONGEST_WINDOW) > 0) {
			throw new InvalidClaudePropertyException("claude.advisor.window",
					(this.window != null) ? this.window.toString() : null, "must be between 1m and 1d",
					"Set claude.advisor.window to a duration such as 1h.");
		}
		if (this.minBusyMinutes < 1) {
			throw new InvalidClaudePropertyException("claude.advisor.min-busy-minutes",
					String.valueOf(this.minBusyMinutes), "must be positive",
					"Set claude.advisor.min-busy-minutes to a number of minutes such as 5.");
		}
	}

}
