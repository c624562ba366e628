package dev.clauderesilience.docs;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;

import dev.clauderesilience.sample.SampleApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README.md's curl lines against the sample application, started as the README runs it (its
 * default {@code local} profile, on the embedded simulator, a WebFlux application) on a random
 * port instead of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleHttpSnippetTests {

	private RunningApplication sample;

	@BeforeAll
	void start() {
		this.sample = RunningApplication.start(WebStack.WEBFLUX.classpath(), WebStack.WEBFLUX,
				List.of(SampleApplication.class), List.of());
	}

	@AfterAll
	void stop() {
		if (this.sample != null) {
			this.sample.close();
		}
	}

	@TestFactory
	Stream<DynamicTest> everyCurlLineShouldBeAnswered2xx() throws IOException {
		Snippet snippet = Readme.project().only(SnippetKind.SAMPLE_HTTP);
		List<CurlCommand> commands = CurlCommand.of(snippet);
		assertThat(commands).as(snippet.where()).isNotEmpty();
		int samplePort = samplePort();
		return commands.stream().map((command) -> DynamicTest.dynamicTest(command.toString(), () -> {
			assertThat(command.port()).as("%s: the sample's port", command).isEqualTo(samplePort);

			HttpResponse<String> response = this.sample.send(command.method(), command.path(), command.headers(),
					command.body());

			assertThat(response.statusCode()).as("%s answered %s", command, response.body()).isBetween(200, 299);
			boolean stream = response.headers()
				.firstValue("Content-Type")
				.filter((type) -> type.startsWith("text/event-stream"))
				.isPresent();
			assertThat(stream).as("%s: -N is for a stream", command).isEqualTo(command.noBuffer());
			if (stream) {
				assertThat(SseEvent.parse(response.body())).as(command.toString())
					.last()
					.extracting(SseEvent::name)
					.isEqualTo("done");
			}
		}));
	}

	// the port the sample's own application.yml sets, which the README's lines name
	private static int samplePort() throws IOException {
		return Integer.parseInt(new YamlPropertySourceLoader()
			.load("sample", new ClassPathResource("application.yml"))
			.get(0)
			.getProperty("server.port")
			.toString());
	}

}
