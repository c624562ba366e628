package dev.clauderesilience.docs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The README's one-line standalone simulator ({@code java -jar ...-standalone.jar --port=...
 * ...}), run as written on the jar the {@code claude-resilience-test} module packaged, on a free
 * port instead of the README's. It is skipped where that jar has not been packaged (a build of
 * docs-check alone up to {@code test}); {@code ./mvnw -B verify} packages it first.
 */
class StandaloneSimulatorCommandTests {

	// inline code in prose, wrapped like the prose around it
	private static final Pattern COMMAND = Pattern.compile("`java -jar (\\S+-standalone\\.jar)((?:\\s+--[^\\s`]+)+)`");

	private static final Pattern READY = Pattern.compile("Claude simulator ready at (\\S+) with API key (\\S+)");

	// a bound against a hung process, never an assertion about time
	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	@Test
	void readmesJavaJarLineShouldStartTheStandaloneSimulatorWithItsOptions() throws Exception {
		Matcher command = COMMAND.matcher(Files.readString(Readme.PROJECT_README));
		assertThat(command.find()).as("README.md has a `java -jar ...-standalone.jar --...` line").isTrue();
		String jarName = command.group(1);
		List<String> options = Arrays.asList(command.group(2).trim().split("\\s+"));
		assertThat(jarName).isEqualTo("claude-resilience-test-" + Reactor.load().version() + "-standalone.jar");
		assertThat(options).contains("--requests-per-minute=50").anyMatch((option) -> option.startsWith("--port="));
		Path jar = Reactor.ROOT.resolve("claude-resilience-test").resolve("target").resolve(jarName);
		assumeTrue(Files.isRegularFile(jar), () -> jar + " is not packaged yet");

		List<String> arguments = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
			.toString(), "-jar", jar.toString()));
		int port = freePort();
		options.forEach((option) -> arguments.add(option.startsWith("--port=") ? "--port=" + port : option));
		Process process = new ProcessBuilder(arguments).redirectError(ProcessBuilder.Redirect.DISCARD).start();
		try {
			BufferedReader output = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
			String ready = CompletableFuture.supplyAsync(() -> output.lines().findFirst().orElse(null))
				.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			Matcher address = READY.matcher(String.valueOf(ready));
			assertThat(address.matches()).as("ready line: %s", ready).isTrue();
			assertThat(address.group(1)).isEqualTo("http://127.0.0.1:" + port);

			// the README's --fault-rate answers some calls 529: the first answered call counts
			HttpResponse<String> answered = null;
			for (int i = 0; i < 20 && answered == null; i++) {
				HttpResponse<String> response = post(address.group(1), address.group(2));
				answered = (response.statusCode() == 200) ? response : null;
			}
			assertThat(answered).as("an answer within 20 calls").isNotNull();
			assertThat(answered.headers().firstValue("anthropic-ratelimit-requests-limit")).hasValue("50");
			assertThat(answered.body()).contains("\"type\":\"message\"");
		}
		finally {
			process.destroy();
			process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
	}

	private static HttpResponse<String> post(String baseUrl, String apiKey) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/messages"))
			.timeout(TIMEOUT)
			.header("x-api-key", apiKey)
			.header("anthropic-version", "2023-06-01")
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":100,"
					+ "\"messages\":[{\"role\":\"user\",\"content\":\"Hello from another client\"}]}"))
			.build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
