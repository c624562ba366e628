package dev.clauderesilience.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.convert.DurationStyle;

/**
 * Collects what is wrong with the {@code claude.*} properties, so that start-up reports every
 * invalid property at once rather than one per attempt.
 */
final class PropertyProblems {

	private final List<InvalidClaudePropertyException.Problem> problems = new ArrayList<>();

	void add(String property, String value, String problem, String action) {
		this.problems.add(new InvalidClaudePropertyException.Problem(property, value, problem, action));
	}

	void positive(String property, Long value) {
		if (value != null && value < 1) {
			add(property, String.valueOf(value), "must be positive",
					"Set " + property + " to a positive number, or remove it for no limit.");
		}
	}

	void positive(String property, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			add(property, (value != null) ? DurationStyle.SIMPLE.print(value) : null, "must be a positive duration",
					"Set " + property + " to a positive duration such as 10s or 500ms.");
		}
	}

	void fraction(String property, double value, boolean zeroAllowed, String action) {
		if (!((zeroAllowed ? value >= 0 : value > 0) && value <= 1)) {
			add(property, String.valueOf(value), zeroAllowed ? "must be between 0 and 1" : "must be above 0 and at most 1",
					action);
		}
	}

	void throwIfAny() {
		if (!this.problems.isEmpty()) {
			throw new InvalidClaudePropertyException(this.problems);
		}
	}

}
