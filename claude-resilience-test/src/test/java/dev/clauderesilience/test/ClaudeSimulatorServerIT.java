package dev.clauderesilience.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The standalone jar as teams on other clients run it: {@code java -jar}, a ready line, HTTP,
 * then SIGTERM. Failsafe runs it after packaging and names the jar; surefire, which runs it too
 * when {@code -Dtest} replaces its includes, does not and so skips it.
 */
@EnabledIfSystemProperty(named = ClaudeSimulatorServerIT.JAR_PROPERTY, matches = ".+")
class ClaudeSimulatorServerIT {

	static final String JAR_PROPERTY = "standalone.jar";

	private static final Path JAR = Path.of(System.getProperty(JAR_PROPERTY, "."));

	@Test
	void standaloneJarShouldAnswerMessagesUntilTerminated() throws Exception {
		assertThat(JAR).exists();
		int port = freePort();
		Process process = java("--port=" + port, "--api-key=it-key");
		BufferedReader output = reader(process);
		List<String> lines = new ArrayList<>();
		try {
			// a bound on the wait for the ready line, not a measured time
			String ready = CompletableFuture.supplyAsync(() -> readLine(output)).get(60, TimeUnit.SECONDS);
			assertThat(ready).isEqualTo("Claude simulator ready at http://127.0.0.1:" + port + " with API key it-key");
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/messages"))
				.timeout(Duration.ofSeconds(30))
				.header("x-api-key", "it-key")
				.header("anthropic-version", "2023-06-01")
				.header("content-type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":100,"
						+ "\"messages\":[{\"role\":\"user\",\"content\":\"Hello from another client\"}]}"))
				.build();
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(request, HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			JsonNode message = SimulatorRequests.MAPPER.readTree(response.body());
			assertThat(message.get("type").asText()).isEqualTo("message");
			assertThat(message.at("/content/0/text").asText()).isNotBlank();
		}
		finally {
			// SIGTERM, leaving the process's output open to read (Process.destroy() closes it)
			process.toHandle().destroy();
			assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();
			for (String line = readLine(output); line != null; line = readLine(output)) {
				lines.add(line);
			}
		}
		assertThat(lines).containsExactly("Claude simulator stopped");
		assertThat(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isEmpty();
	}

	@Test
	void standaloneJarWhenOptionInvalidShouldExitWithStatus2AndOneLine() throws Exception {
		Process process = java("--port=0", "--burst=soon");
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).isEqualTo(2);
		String error = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(error.lines()).singleElement().asString().startsWith("claude-simulator: --burst: ");
		assertThat(process.getInputStream().readAllBytes()).isEmpty();
	}

	@Test
	void standaloneJarWithHelpShouldPrintUsage() throws Exception {
		Process process = java("--help");
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).isZero();
		assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
			.isEqualTo(ClaudeSimulatorServer.usage());
	}

	private static Process java(String... args) throws IOException {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-jar", JAR.toString()));
		command.addAll(List.of(args));
		return new ProcessBuilder(command).start();
	}

	private static BufferedReader reader(Process process) {
		return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
	}

	private static String readLine(BufferedReader reader) {
		try {
			return reader.readLine();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
