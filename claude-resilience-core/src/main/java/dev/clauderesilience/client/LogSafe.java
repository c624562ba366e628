package dev.clauderesilience.client;

/**
 * Makes text from the network or from callers safe to write to a log: control characters
 * (CR and LF among them) are escaped, so that a model name or an upstream message cannot start a
 * forged log line.
 *
 * @since 0.2.0
 */
public final class LogSafe {

	private LogSafe() {
	}

	/**
	 * The text with every control character escaped ({@code \r}, {@code \n}, {@code \t} as
	 * such, others as {@code \}{@code uXXXX}).
	 * @param text the text, or {@code null}
	 * @return the escaped text, {@code null} for {@code null}
	 */
	public static String text(String text) {
		if (text == null) {
			return null;
		}
		int i = 0;
		while (i < text.length() && !needsEscape(text.charAt(i))) {
			i++;
		}
		if (i == text.length()) {
			return text;
		}
		StringBuilder escaped = new StringBuilder(text.length() + 16).append(text, 0, i);
		for (; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '\r' -> escaped.append("\\r");
				case '\n' -> escaped.append("\\n");
				case '\t' -> escaped.append("\\t");
				default -> {
					if (needsEscape(c)) {
						escaped.append(String.format("\\u%04x", (int) c));
					}
					else {
						escaped.append(c);
					}
				}
			}
		}
		return escaped.toString();
	}

	private static boolean needsEscape(char c) {
		return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029';
	}

}
