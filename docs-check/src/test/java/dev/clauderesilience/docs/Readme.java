package dev.clauderesilience.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The snippets of a README marked with {@code <!-- docs-check: KIND -->} on the line before their
 * opening fence, and what is wrong with the markers. A block without a marker is not checked.
 */
final class Readme {

	/** The project's README, seen from this module's directory (Surefire's working directory). */
	static final Path PROJECT_README = Path.of("..", "README.md");

	// alone on its line: a marker quoted in prose is no marker
	private static final Pattern MARKER = Pattern.compile("^\\s*<!--\\s*docs-check:?(.*?)-->\\s*$");

	private static final Pattern FENCE = Pattern.compile("^(`{3,}|~{3,}).*$");

	private final List<Snippet> snippets;

	private final List<String> problems;

	private Readme(List<Snippet> snippets, List<String> problems) {
		this.snippets = List.copyOf(snippets);
		this.problems = List.copyOf(problems);
	}

	static Readme project() {
		try {
			return parse(Files.readString(PROJECT_README));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Readme parse(String markdown) {
		List<String> lines = markdown.lines().toList();
		List<Snippet> snippets = new ArrayList<>();
		List<String> problems = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			Matcher marker = MARKER.matcher(lines.get(i));
			if (!marker.matches()) {
				continue;
			}
			int markerLine = i + 1;
			String name = marker.group(1).trim();
			Optional<SnippetKind> kind = SnippetKind.of(name);
			if (kind.isEmpty()) {
				problems.add("README.md line " + markerLine + ": unknown docs-check kind '" + name + "'");
				continue;
			}
			Matcher fence = (i + 1 < lines.size()) ? FENCE.matcher(lines.get(i + 1)) : null;
			if (fence == null || !fence.matches()) {
				problems.add("README.md line " + markerLine + ": a docs-check marker must stand on the line "
						+ "right before a fenced block");
				continue;
			}
			String closing = fence.group(1);
			int end = i + 2;
			while (end < lines.size() && !lines.get(end).strip().equals(closing)) {
				end++;
			}
			if (end == lines.size()) {
				problems.add("README.md line " + markerLine + ": the block's fence is never closed");
				break;
			}
			snippets.add(new Snippet(kind.get(), markerLine, String.join("\n", lines.subList(i + 2, end)) + "\n"));
			i = end;
		}
		return new Readme(snippets, problems);
	}

	/**
	 * What is wrong with the markers, each naming its line; empty when every marker is usable.
	 */
	List<String> problems() {
		return this.problems;
	}

	List<Snippet> snippets() {
		return this.snippets;
	}

	List<Snippet> snippets(SnippetKind kind) {
		return this.snippets.stream().filter((snippet) -> snippet.kind() == kind).toList();
	}

	/**
	 * The one snippet of a kind, failing (naming the lines) when there is none or more than one.
	 */
	Snippet only(SnippetKind kind) {
		List<Snippet> found = snippets(kind);
		if (found.size() != 1) {
			throw new AssertionError("README.md should have exactly one block marked docs-check: " + kind.marker()
					+ ", found " + found.stream().map(Snippet::where).toList());
		}
		return found.get(0);
	}

}
