package dev.clauderesilience.test;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The model ids the simulator answers: each entry is an exact id or a regular expression that
 * must match the whole id; without entries, any id is answered.
 */
final class ModelCatalog {

	private static final ModelCatalog ANY = new ModelCatalog(Set.of(), List.of());

	private final Set<String> ids;

	private final List<Pattern> patterns;

	private ModelCatalog(Set<String> ids, List<Pattern> patterns) {
		this.ids = ids;
		this.patterns = patterns;
	}

	static ModelCatalog of(List<String> idsOrPatterns) {
		if (idsOrPatterns.isEmpty()) {
			throw new IllegalArgumentException("At least one model id or pattern is required");
		}
		return new ModelCatalog(Set.copyOf(idsOrPatterns), idsOrPatterns.stream().map(ModelCatalog::compile).toList());
	}

	static ModelCatalog anyModel() {
		return ANY;
	}

	boolean knows(String model) {
		if (this.ids.isEmpty()) {
			return true;
		}
		return model != null && (this.ids.contains(model)
				|| this.patterns.stream().anyMatch((pattern) -> pattern.matcher(model).matches()));
	}

	private static Pattern compile(String idOrPattern) {
		try {
			return Pattern.compile(idOrPattern);
		}
		catch (PatternSyntaxException ex) {
			// not a regular expression: an id with unusual characters, matched exactly
			return Pattern.compile(Pattern.quote(idOrPattern));
		}
	}

}
