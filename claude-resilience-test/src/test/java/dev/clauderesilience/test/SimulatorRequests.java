package dev.clauderesilience.test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Raw HTTP calls to a simulator for the tests.
 */
final class SimulatorRequests {

	static final String V2023 = "2023-06-01";

	static final String V2026 = "2026-10-21";

	static final ObjectMapper MAPPER = new ObjectMapper();

	static final HttpClient CLIENT = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private SimulatorRequests() {
	}

	static String body(String model, int maxTokens, boolean stream, String text) {
		return "{\"model\":\"" + model + "\",\"max_tokens\":" + maxTokens + ",\"stream\":" + stream
				+ ",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
	}

	static HttpResponse<String> messages(ClaudeSimulator simulator, String body) {
		return post(simulator, "/v1/messages", body, "x-api-key", simulator.apiKey(), "anthropic-version", V2023);
	}

	/**
	 * The status answered to a small request for a model.
	 */
	static int status(ClaudeSimulator simulator, String model) {
		return messages(simulator, body(model, 10, false, "Hi")).statusCode();
	}

	static HttpResponse<String> post(ClaudeSimulator simulator, String path, String body, String... headers) {
		try {
			return send(simulator, path, body, headers);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static HttpRequest request(ClaudeSimulator simulator, String path, String body, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
			.timeout(Duration.ofSeconds(10))
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return request.build();
	}

	static HttpResponse<String> send(ClaudeSimulator simulator, String path, String body, String... headers)
			throws IOException {
		try {
			return CLIENT.send(request(simulator, path, body, headers), HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

	static JsonNode json(HttpResponse<String> response) {
		try {
			return MAPPER.readTree(response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
