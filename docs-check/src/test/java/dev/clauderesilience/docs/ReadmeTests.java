package dev.clauderesilience.docs;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The markers themselves: every one in README.md is usable, and a wrong one is reported with its
 * line.
 */
class ReadmeTests {

	@Test
	void everyMarkerOfTheProjectReadmeShouldNameAKnownKindRightBeforeAFencedBlock() {
		Readme readme = Readme.project();

		assertThat(readme.problems()).isEmpty();
		assertThat(readme.snippets()).extracting(Snippet::kind).contains(SnippetKind.values());
	}

	@Test
	void unknownKindShouldBeReportedWithItsLine() {
		Readme readme = Readme.parse("# Title\n\n<!-- docs-check: java-mian -->\n```java\nclass A {}\n```\n");

		assertThat(readme.problems()).containsExactly("README.md line 3: unknown docs-check kind 'java-mian'");
		assertThat(readme.snippets()).isEmpty();
	}

	@Test
	void markerQuotedInProseShouldBeNoMarker() {
		Readme readme = Readme.parse("A block with `<!-- docs-check: KIND -->` before it is checked.\n");

		assertThat(readme.problems()).isEmpty();
		assertThat(readme.snippets()).isEmpty();
	}

	@Test
	void markerWithoutABlockRightAfterItShouldBeReportedWithItsLine() {
		Readme readme = Readme.parse("<!-- docs-check: java-main -->\n\n```java\nclass A {}\n```\n");

		assertThat(readme.problems()).singleElement().asString().startsWith("README.md line 1: ");
	}

	@Test
	void markedBlockShouldKeepItsTextAndKnowItsLines() {
		Readme readme = Readme.parse("text\n<!-- docs-check: application-yaml -->\n```yaml\na: 1\nb: 2\n```\n"
				+ "```\nnot marked\n```\n");

		Snippet snippet = readme.only(SnippetKind.APPLICATION_YAML);
		assertThat(snippet.text()).isEqualTo("a: 1\nb: 2\n");
		assertThat(snippet.where()).isEqualTo("README.md line 2 (application-yaml)");
		assertThat(snippet.readmeLine(2)).isEqualTo(5);
		assertThat(readme.snippets()).hasSize(1);
	}

}
