package dev.clauderesilience.benchmarks;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.util.retry.Retry;

import dev.clauderesilience.test.ClaudeSimulator;

/**
 * What many teams write: a plain {@link WebClient} that retries 429 and 5xx answers three times
 * with Reactor's exponential backoff (500 ms first, jittered), ignoring {@code retry-after}.
 */
final class WebClientRetryClient implements BenchmarkClient {

	private static final ObjectMapper json = new ObjectMapper();

	private final WebClient webClient;

	private final int maxTokens;

	WebClientRetryClient(ClaudeSimulator simulator, int maxTokens) {
		this.webClient = WebClient.builder()
			.baseUrl(simulator.baseUrl())
			.defaultHeader("x-api-key", simulator.apiKey())
			.defaultHeader("anthropic-version", "2023-06-01")
			.build();
		this.maxTokens = maxTokens;
	}

	@Override
	public String name() {
		return "webclient+retry";
	}

	@Override
	public void call(String prompt) {
		ObjectNode body = json.createObjectNode().put("model", Scenario.MODEL).put("max_tokens", this.maxTokens);
		body.putArray("messages").addObject().put("role", "user").put("content", prompt);
		this.webClient.post()
			.uri("/v1/messages")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.retrieve()
			.bodyToMono(JsonNode.class)
			.retryWhen(Retry.backoff(3, Duration.ofMillis(500)).filter(WebClientRetryClient::retryable))
			.block(Duration.ofMinutes(5));
	}

	private static boolean retryable(Throwable failure) {
		return failure instanceof WebClientResponseException ex
				&& (ex.getStatusCode().value() == 429 || ex.getStatusCode().is5xxServerError());
	}

	@Override
	public void close() {
	}

}
