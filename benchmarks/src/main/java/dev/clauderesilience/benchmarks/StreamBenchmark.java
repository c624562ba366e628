package dev.clauderesilience.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;

import dev.clauderesilience.client.ClaudeClient;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeStreamEvent;
import dev.clauderesilience.test.ClaudeSimulator;

/**
 * Stream: time to the first text delta, and to the end of the stream, through the starter's
 * pipeline (limits set but not binding) and through a bare WebClient SSE call, against a
 * simulator that takes a fixed time per generated token. Calls alternate between the two.
 * <p>
 * Options ({@code --name=value}): {@code calls} (40 each), {@code per-token} ({@code PT0.01S}),
 * {@code tokens} (40).
 */
public final class StreamBenchmark {

	private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
	};

	private StreamBenchmark() {
	}

	public static void main(String[] args) {
		Map<String, String> options = new LinkedHashMap<>(Map.of("calls", "40", "per-token", "PT0.01S", "tokens", "40"));
		for (String arg : args) {
			options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
		}
		int calls = Integer.parseInt(options.get("calls"));
		Duration perToken = Duration.parse(options.get("per-token"));
		int tokens = Integer.parseInt(options.get("tokens"));
		try (ClaudeSimulator simulator = ClaudeSimulator.builder()
			.generationDelayPerToken(perToken)
			.outputTokens(tokens)
			.build()
			.start();
				ConfigurableApplicationContext context = StarterClient.context(simulator,
						Map.of("claude.limits.requests-per-minute", 60_000, "claude.limits.input-tokens-per-minute",
								100_000_000, "claude.limits.output-tokens-per-minute", 100_000_000))) {
			ClaudeClient pipeline = context.getBean(ClaudeClient.class);
			WebClient bare = WebClient.builder()
				.baseUrl(simulator.baseUrl())
				.defaultHeader("x-api-key", simulator.apiKey())
				.defaultHeader("anthropic-version", "2023-06-01")
				.build();
			String body = body(tokens * 4);
			for (int i = 0; i < 5; i++) {
				pipeline(pipeline, tokens * 4);
				bare(bare, body);
			}
			List<double[]> viaPipeline = new ArrayList<>();
			List<double[]> viaBare = new ArrayList<>();
			for (int i = 0; i < calls; i++) {
				viaPipeline.add(pipeline(pipeline, tokens * 4));
				viaBare.add(bare(bare, body));
			}
			StringBuilder out = new StringBuilder();
			out.append(String.format(Locale.ROOT, "%d streamed calls each, %d tokens per answer, %d ms per token%n%n",
					calls, tokens, perToken.toMillis()));
			out.append("| client | first token p50 ms | first token p95 ms | whole stream p50 ms | whole stream p95 ms |\n");
			out.append("|---|---|---|---|---|\n");
			line(out, "starter pipeline", viaPipeline);
			line(out, "bare WebClient SSE", viaBare);
			System.out.println(out);
		}
		System.exit(0);
	}

	private static double[] pipeline(ClaudeClient client, int maxTokens) {
		long start = System.nanoTime();
		long[] first = { 0 };
		client.stream(ClaudeRequest.of(Scenario.MODEL, maxTokens, "Stream me an answer")).doOnNext((event) -> {
			if (first[0] == 0 && event instanceof ClaudeStreamEvent.ContentBlockDelta) {
				first[0] = System.nanoTime();
			}
		}).blockLast(Duration.ofMinutes(1));
		return new double[] { (first[0] - start) / 1e6, (System.nanoTime() - start) / 1e6 };
	}

	private static double[] bare(WebClient client, String body) {
		long start = System.nanoTime();
		long[] first = { 0 };
		client.post()
			.uri("/v1/messages")
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.bodyValue(body)
			.retrieve()
			.bodyToFlux(SSE)
			.doOnNext((event) -> {
				if (first[0] == 0 && "content_block_delta".equals(event.event())) {
					first[0] = System.nanoTime();
				}
			})
			.blockLast(Duration.ofMinutes(1));
		return new double[] { (first[0] - start) / 1e6, (System.nanoTime() - start) / 1e6 };
	}

	private static String body(int maxTokens) {
		ObjectNode body = new ObjectMapper().createObjectNode()
			.put("model", Scenario.MODEL)
			.put("max_tokens", maxTokens)
			.put("stream", true);
		body.putArray("messages").addObject().put("role", "user").put("content", "Stream me an answer");
		return body.toString();
	}

	private static void line(StringBuilder out, String name, List<double[]> samples) {
		double[] first = Percentiles.sorted(samples.stream().mapToDouble((s) -> s[0]).toArray());
		double[] whole = Percentiles.sorted(samples.stream().mapToDouble((s) -> s[1]).toArray());
		out.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f |%n", name, Percentiles.of(first, 50),
				Percentiles.of(first, 95), Percentiles.of(whole, 50), Percentiles.of(whole, 95)));
	}

}
