package dev.clauderesilience.autoconfigure;

/**
 * A {@code claude.*} property holds a value the starter cannot work with. Reported at start-up
 * by {@link ClaudePropertyFailureAnalyzer}.
 *
 * @since 0.1.0
 */
public class InvalidClaudePropertyException extends RuntimeException {

	private final String property;

	private final String action;

	/**
	 * A new exception. The value is shown in the message except for secrets; pass {@code null}.
	 * @param property the property name, e.g. {@code claude.timeouts.connect}
	 * @param value the offending value, or {@code null}
	 * @param problem what is wrong, e.g. "must be a positive duration"
	 * @param action how to fix it
	 */
	public InvalidClaudePropertyException(String property, String value, String problem, String action) {
		super("Property '" + property + "'" + ((value != null) ? " with value '" + value + "'" : "") + " " + problem
				+ ".");
		this.property = property;
		this.action = action;
	}

	/**
	 * The property at fault.
	 * @return the property name
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * How to fix it.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
