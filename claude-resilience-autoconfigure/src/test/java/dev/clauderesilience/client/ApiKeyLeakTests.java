package dev.clauderesilience.client;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Level;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API key must not appear in any exception text or log line, whatever goes wrong, even
 * when a server echoes it back.
 */
@ExtendWith(OutputCaptureExtension.class)
class ApiKeyLeakTests {

	private static final String API_KEY = WebClientClaudeClientTests.API_KEY;

	private final List<Level> previousLevels = new ArrayList<>();

	private static final String[] LOGGERS = { "dev.clauderesilience", "org.springframework.web.reactive.function.client",
			"reactor.netty.http.client" };

	private MockWebServer server;

	@BeforeEach
	void setUp() throws IOException {
		for (String name : LOGGERS) {
			ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(name);
			this.previousLevels.add(logger.getLevel());
			logger.setLevel(Level.DEBUG);
		}
		this.server = new MockWebServer();
		this.server.start(InetAddress.getByName("127.0.0.1"), 0);
	}

	@AfterEach
	void tearDown() throws IOException {
		for (int i = 0; i < LOGGERS.length; i++) {
			((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(LOGGERS[i])).setLevel(this.previousLevels.get(i));
		}
		this.server.shutdown();
	}

	@Test
	void errorsAndLogsShouldNeverContainTheApiKey(CapturedOutput output) {
		for (int status : new int[] { 400, 401, 402, 403, 404, 409, 413, 429, 500, 502, 503, 504, 529 }) {
			this.server.enqueue(ApiPayloads.json(status,
					ApiPayloads.error("authentication_error", "invalid x-api-key " + API_KEY)));
		}
		this.server.enqueue(new MockResponse().setResponseCode(401).setBody("<html>bad key " + API_KEY + "</html>"));
		this.server.enqueue(ApiPayloads.json(200, "{\"oops\": \"" + API_KEY + "\""));
		this.server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
		this.server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
		this.server.enqueue(ApiPayloads.sse("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\","
				+ "\"message\":\"boom\"}}\n\n"));
		ClaudeClient client = ClaudeClient.builder()
			.baseUrl("http://127.0.0.1:" + this.server.getPort())
			.apiKey(API_KEY)
			.responseTimeout(Duration.ofMillis(200))
			.build();
		List<Throwable> failures = new ArrayList<>();
		ClaudeRequest request = ClaudeRequest.of("claude-sonnet-4-5", 10, "Hi");

		for (int i = 0; i < 17; i++) {
			try {
				client.send(request).block();
			}
			catch (RuntimeException ex) {
				failures.add(ex);
			}
		}
		try {
			client.stream(request).blockLast();
		}
		catch (RuntimeException ex) {
			failures.add(ex);
		}
		failures.add(catchValidation(client));

		assertThat(failures).hasSize(19).allSatisfy((failure) -> {
			assertThat(failure).isInstanceOf(ClaudeException.class);
			for (Throwable t = failure; t != null; t = t.getCause()) {
				assertThat(t.toString()).doesNotContain(API_KEY);
				assertThat(String.valueOf(t.getMessage())).doesNotContain(API_KEY);
			}
			assertThat(((ClaudeException) failure).userMessage()).doesNotContain(API_KEY);
		});
		assertThat(output.getAll()).contains("Claude API answered").doesNotContain(API_KEY);
	}

	private static Throwable catchValidation(ClaudeClient client) {
		try {
			client.send(ClaudeRequest.builder().user("Hi").temperature(0.5).build()).block();
			return null;
		}
		catch (RuntimeException ex) {
			return ex;
		}
	}

}
