package dev.clauderesilience.client;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The models callers may ask for ({@code claude.models.allowed}): exact ids, or patterns in which
 * {@code *} stands for any run of characters ({@code claude-haiku-*}). A request for any other
 * model is refused before anything is sent.
 *
 * @since 0.2.0
 */
public final class ModelAllowList {

	/** Every model is allowed. */
	public static final ModelAllowList ANY = new ModelAllowList(List.of());

	private final List<String> entries;

	private final List<Pattern> patterns;

	private ModelAllowList(List<String> entries) {
		this.entries = List.copyOf(entries);
		this.patterns = this.entries.stream().map(ModelAllowList::pattern).toList();
	}

	/**
	 * An allow-list.
	 * @param entries model ids or patterns; empty allows every model
	 * @return the list
	 */
	public static ModelAllowList of(List<String> entries) {
		return entries.isEmpty() ? ANY : new ModelAllowList(entries);
	}

	private static Pattern pattern(String entry) {
		StringBuilder regex = new StringBuilder();
		for (String part : entry.trim().split("\\*", -1)) {
			if (!regex.isEmpty()) {
				regex.append(".*");
			}
			regex.append(Pattern.quote(part));
		}
		return Pattern.compile(regex.toString());
	}

	/**
	 * Whether a model may be asked for.
	 * @param model the model id
	 * @return {@code true} when the list is empty or an entry matches
	 */
	public boolean allows(String model) {
		return this.patterns.isEmpty() || (model != null && this.patterns.stream().anyMatch((p) -> p.matcher(model).matches()));
	}

	/**
	 * Whether every model is allowed.
	 * @return {@code true} for an empty list
	 */
	public boolean allowsAny() {
		return this.patterns.isEmpty();
	}

	@Override
	public String toString() {
		return this.entries.isEmpty() ? "any model" : String.join(", ", this.entries);
	}

}
