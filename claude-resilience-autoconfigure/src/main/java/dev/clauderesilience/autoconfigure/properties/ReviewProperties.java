package dev.clauderesilience.autoconfigure.properties;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The review queue for inputs the API refused with a 403 ({@code claude.review.*}).
 *
 * @since 0.2.0
 */
public class ReviewProperties {

	/**
	 * How many refused inputs the in-memory review queue keeps (the oldest go first).
	 */
	private int capacity = 100;

	/**
	 * Further regular expressions masked in refused inputs before review, besides e-mail
	 * addresses, phone numbers and card-like digit runs.
	 */
	private List<String> maskPatterns = new ArrayList<>();

	public int getCapacity() {
		return this.capacity;
	}

	public void setCapacity(int capacity) {
		this.capacity = capacity;
	}

	public List<String> getMaskPatterns() {
		return this.maskPatterns;
	}

	public void setMaskPatterns(List<String> maskPatterns) {
		this.maskPatterns = maskPatterns;
	}

	/**
	 * Reports a capacity below 1 and every mask pattern that is not a regular expression.
	 * @param prefix the group's prefix, {@code claude.review}
	 * @param problems where to report them
	 */
	public void validate(String prefix, PropertyProblems problems) {
		problems.positive(prefix + ".capacity", (long) this.capacity);
		for (String pattern : this.maskPatterns) {
			try {
				Pattern.compile(pattern);
			}
			catch (PatternSyntaxException ex) {
				problems.add(prefix + ".mask-patterns", pattern,
						"is not a valid regular expression (" + ex.getDescription() + ")",
						"Fix the pattern; it is a java.util.regex.Pattern.");
			}
		}
	}

}
