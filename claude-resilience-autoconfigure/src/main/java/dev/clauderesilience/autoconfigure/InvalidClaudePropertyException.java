package dev.clauderesilience.autoconfigure;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One or more {@code claude.*} properties hold values the starter cannot work with. Reported at
 * start-up by {@link ClaudePropertyFailureAnalyzer}, every invalid property at once.
 *
 * @since 0.1.0
 */
public class InvalidClaudePropertyException extends RuntimeException {

	private final List<Problem> problems;

	/**
	 * A new exception for one property. The value is shown in the message except for secrets;
	 * pass {@code null}.
	 * @param property the property name, e.g. {@code claude.timeouts.connect}
	 * @param value the offending value, or {@code null}
	 * @param problem what is wrong, e.g. "must be a positive duration"
	 * @param action how to fix it
	 */
	public InvalidClaudePropertyException(String property, String value, String problem, String action) {
		this(List.of(new Problem(property, value, problem, action)));
	}

	/**
	 * A new exception for several properties.
	 * @param problems the invalid properties, at least one
	 */
	public InvalidClaudePropertyException(List<Problem> problems) {
		super(describe(problems));
		this.problems = List.copyOf(problems);
	}

	private static String describe(List<Problem> problems) {
		if (problems.size() == 1) {
			return problems.get(0).describe();
		}
		return problems.size() + " invalid properties:" + problems.stream()
			.map((problem) -> "\n  - " + problem.describe())
			.collect(Collectors.joining());
	}

	/**
	 * The first property at fault.
	 * @return the property name
	 */
	public String getProperty() {
		return this.problems.get(0).property();
	}

	/**
	 * How to fix them.
	 * @return the action, one line per property
	 */
	public String getAction() {
		if (this.problems.size() == 1) {
			return this.problems.get(0).action();
		}
		return this.problems.stream().map((problem) -> "- " + problem.property() + ": " + problem.action())
			.collect(Collectors.joining("\n"));
	}

	/**
	 * Every property at fault.
	 * @return the problems, in the order found
	 */
	public List<Problem> getProblems() {
		return this.problems;
	}

	/**
	 * One invalid property.
	 *
	 * @param property the property name
	 * @param value the offending value, or {@code null} (never for secrets)
	 * @param problem what is wrong
	 * @param action how to fix it
	 * @since 0.2.0
	 */
	public record Problem(String property, String value, String problem, String action) {

		String describe() {
			return "Property '" + this.property + "'" + ((this.value != null) ? " with value '" + this.value + "'" : "")
					+ " " + this.problem + ".";
		}

	}

}
