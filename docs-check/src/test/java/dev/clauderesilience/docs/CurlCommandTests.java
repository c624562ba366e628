package dev.clauderesilience.docs;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

class CurlCommandTests {

	@Test
	void postWithHeadersAndBodyShouldBeReadAsCurlSendsIt() {
		CurlCommand command = CurlCommand.parse(7, "curl -s -N -X POST localhost:8080/api/chat/stream "
				+ "-H 'Content-Type: application/json' -H \"X-Tenant-Id: acme\" -d '{\"prompt\":\"Say hello\"}'");

		assertThat(command.method()).isEqualTo("POST");
		assertThat(command.port()).isEqualTo(8080);
		assertThat(command.path()).isEqualTo("/api/chat/stream");
		assertThat(command.headers()).containsExactly(entry("Accept", "*/*"), entry("Content-Type", "application/json"),
				entry("X-Tenant-Id", "acme"));
		assertThat(command.body()).isEqualTo("{\"prompt\":\"Say hello\"}");
		assertThat(command.noBuffer()).isTrue();
	}

	@Test
	void dataWithoutMethodShouldBeAFormPostAndNoDataAGet() {
		assertThat(CurlCommand.parse(1, "curl localhost:8080/x -d a=b")).satisfies((command) -> {
			assertThat(command.method()).isEqualTo("POST");
			assertThat(command.headers()).containsEntry("Content-Type", "application/x-www-form-urlencoded");
		});
		assertThat(CurlCommand.parse(1, "curl -s http://localhost:8080").method()).isEqualTo("GET");
	}

	@Test
	void unknownOptionShouldFailNamingTheReadmeLine() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> CurlCommand.parse(42, "curl --compressed localhost:8080/x"))
			.withMessage("README.md line 42 (sample-http): docs-check does not know what curl does with --compressed");
	}

	@Test
	void continuedLinesShouldBeOneCommand() {
		Snippet snippet = new Snippet(SnippetKind.SAMPLE_HTTP, 10, "curl -s \\\n  localhost:8080/a\ncurl localhost:8080/b\n");

		assertThat(CurlCommand.of(snippet)).extracting(CurlCommand::readmeLine, CurlCommand::path)
			.containsExactly(tuple(12, "/a"), tuple(14, "/b"));
	}

}
