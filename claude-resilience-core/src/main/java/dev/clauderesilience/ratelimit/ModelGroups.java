package dev.clauderesilience.ratelimit;

import java.util.List;
import java.util.Locale;

/**
 * The API limits each model class separately (all Opus models share one limit, all Sonnet
 * models another, Haiku a third); this names the class of a model id. Any other id, whatever a
 * caller invents, falls into one shared {@value #OTHER} group, so that new names can neither
 * grow the limiter's state nor get around its pacing.
 *
 * @since 0.1.0
 */
public final class ModelGroups {

	/** The group of every model id that names no known class. */
	public static final String OTHER = "other";

	/** Every group there is, in a stable order. */
	public static final List<String> ALL = List.of("opus", "sonnet", "haiku", OTHER);

	private ModelGroups() {
	}

	/**
	 * The rate-limit group of a model.
	 * @param model a model id such as {@code claude-sonnet-4-5-20250929}
	 * @return {@code opus}, {@code sonnet}, {@code haiku}, or {@value #OTHER}
	 */
	public static String of(String model) {
		String lower = (model != null) ? model.toLowerCase(Locale.ROOT) : "";
		for (int i = 0; i < ALL.size() - 1; i++) {
			if (lower.contains(ALL.get(i))) {
				return ALL.get(i);
			}
		}
		return OTHER;
	}

	/**
	 * Whether two models share a rate limit, so that falling back from one to the other does not
	 * relieve a rate limit.
	 * @param model a model id
	 * @param other another model id
	 * @return {@code true} when both are in the same group
	 */
	public static boolean sameGroup(String model, String other) {
		return of(model).equals(of(other));
	}

}
