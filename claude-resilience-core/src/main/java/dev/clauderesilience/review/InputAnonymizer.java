package dev.clauderesilience.review;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Masks personal data in text before a human sees it: e-mail addresses, card-like digit runs,
 * phone numbers, and any patterns the application adds.
 *
 * @since 0.1.0
 */
public final class InputAnonymizer {

	private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");

	// 13 to 19 digits, optionally grouped by spaces or dashes: card numbers and the like
	private static final Pattern CARD = Pattern.compile("(?<!\\d)(?:\\d[ -]?){12,18}\\d(?!\\d)");

	// 7 or more digits with the usual separators, optionally international
	private static final Pattern PHONE = Pattern.compile("(?<![\\w])\\+?\\(?\\d[\\d ()./-]{5,}\\d(?![\\w])");

	private final List<Pattern> extra;

	/**
	 * An anonymizer.
	 * @param extraPatterns further regular expressions to mask
	 */
	public InputAnonymizer(List<String> extraPatterns) {
		List<Pattern> patterns = new ArrayList<>();
		extraPatterns.forEach((pattern) -> patterns.add(Pattern.compile(pattern)));
		this.extra = List.copyOf(patterns);
	}

	/**
	 * Masks a text.
	 * @param text the text
	 * @return the masked text
	 */
	public String anonymize(String text) {
		String masked = EMAIL.matcher(text).replaceAll("[email]");
		masked = CARD.matcher(masked).replaceAll("[card]");
		masked = PHONE.matcher(masked).replaceAll("[phone]");
		for (Pattern pattern : this.extra) {
			masked = pattern.matcher(masked).replaceAll("[redacted]");
		}
		return masked;
	}

}
