package dev.clauderesilience.ratelimit;

import java.util.Locale;

/**
 * The API limits each model class separately (all Opus models share one limit, all Sonnet
 * models another, Haiku a third); this names the class of a model id.
 *
 * @since 0.1.0
 */
public final class ModelGroups {

	private ModelGroups() {
	}

	/**
	 * The rate-limit group of a model.
	 * @param model a model id such as {@code claude-sonnet-4-5-20250929}
	 * @return {@code opus}, {@code sonnet}, {@code haiku}, or the model id itself for others
	 */
	public static String of(String model) {
		String lower = (model != null) ? model.toLowerCase(Locale.ROOT) : "";
		for (String family : new String[] { "opus", "sonnet", "haiku" }) {
			if (lower.contains(family)) {
				return family;
			}
		}
		return lower;
	}

}
