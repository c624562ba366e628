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

}
