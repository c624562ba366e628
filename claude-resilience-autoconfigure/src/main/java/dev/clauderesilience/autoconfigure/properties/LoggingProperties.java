package dev.clauderesilience.autoconfigure.properties;

/**
 * Logging of failures ({@code claude.logging.*}).
 *
 * @since 0.2.0
 */
public class LoggingProperties {

	/**
	 * Longest text, per field, logged with a request the API rejected (400 or 413).
	 */
	private int maxTextLength = 500;

	public int getMaxTextLength() {
		return this.maxTextLength;
	}

	public void setMaxTextLength(int maxTextLength) {
		this.maxTextLength = maxTextLength;
	}

	/**
	 * Reports the group's invalid values.
	 * @param prefix the group's property prefix, e.g. {@code claude.logging}
	 * @param problems where to report
	 */
	public void validate(String prefix, PropertyProblems problems) {
		if (this.maxTextLength < 0) {
			problems.add(prefix + ".max-text-length", String.valueOf(this.maxTextLength), "must not be negative",
					"Set " + prefix + ".max-text-length to 0 (log no text) or a positive number of characters.");
		}
	}

}
