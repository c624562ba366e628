package dev.clauderesilience.docs;

/**
 * A fenced block of README.md marked for docs-check.
 *
 * @param kind what it is
 * @param markerLine the README line of its {@code <!-- docs-check: ... -->} marker
 * @param text the block's content, without its fences
 */
record Snippet(SnippetKind kind, int markerLine, String text) {

	/**
	 * Where the snippet stands, for failure messages: {@code README.md line 74 (java-main)}.
	 */
	String where() {
		return "README.md line " + this.markerLine + " (" + this.kind.marker() + ")";
	}

	/**
	 * The README line of a line of the snippet (1-based): the marker, then the opening fence, then
	 * the content.
	 */
	int readmeLine(long snippetLine) {
		return this.markerLine + 1 + (int) snippetLine;
	}

}
