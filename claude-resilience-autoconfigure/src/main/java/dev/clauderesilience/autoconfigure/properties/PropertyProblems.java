package dev.clauderesilience.autoconfigure.properties;

import java.time.Duration;

import org.springframework.boot.convert.DurationStyle;

/**
 * Where a property group reports its invalid values, so that start-up lists every invalid
 * {@code claude.*} property at once rather than one per attempt.
 *
 * @since 0.2.0
 */
@FunctionalInterface
public interface PropertyProblems {

	/**
	 * Reports one invalid property.
	 * @param property the full property name, e.g. {@code claude.timeouts.connect}
	 * @param value the offending value, or {@code null} (never for secrets)
	 * @param problem what is wrong, e.g. "must be a positive duration"
	 * @param action how to fix it
	 */
	void add(String property, String value, String problem, String action);

	/**
	 * Reports the property unless it is unset (no limit) or positive.
	 * @param property the full property name
	 * @param value its value, or {@code null}
	 */
	default void positive(String property, Long value) {
		if (value != null && value < 1) {
			add(property, String.valueOf(value), "must be positive",
					"Set " + property + " to a positive number, or remove it for no limit.");
		}
	}

	/**
	 * Reports the property unless it is a positive duration.
	 * @param property the full property name
	 * @param value its value, or {@code null}
	 */
	default void positive(String property, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			add(property, (value != null) ? DurationStyle.SIMPLE.print(value) : null, "must be a positive duration",
					"Set " + property + " to a positive duration such as 10s or 500ms.");
		}
	}

	/**
	 * Reports the property unless it is a fraction: at most 1, and above 0 (or from 0 when
	 * {@code zeroAllowed}).
	 * @param property the full property name
	 * @param value its value
	 * @param zeroAllowed whether 0 is a valid value
	 * @param action how to fix it
	 */
	default void fraction(String property, double value, boolean zeroAllowed, String action) {
		if (!((zeroAllowed ? value >= 0 : value > 0) && value <= 1)) {
			add(property, String.valueOf(value), zeroAllowed ? "must be between 0 and 1" : "must be above 0 and at most 1",
					action);
		}
	}

}
