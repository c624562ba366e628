package dev.clauderesilience.benchmarks;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.MessageCreateParams;

import dev.clauderesilience.test.ClaudeSimulator;

/**
 * The official Anthropic Java SDK with its defaults (2 retries honouring {@code retry-after}).
 */
final class SdkClient implements BenchmarkClient {

	private final AnthropicClient client;

	private final int maxTokens;

	SdkClient(ClaudeSimulator simulator, int maxTokens) {
		this.client = AnthropicOkHttpClient.builder().baseUrl(simulator.baseUrl()).apiKey(simulator.apiKey()).build();
		this.maxTokens = maxTokens;
	}

	@Override
	public String name() {
		return "anthropic-java";
	}

	@Override
	public void call(String prompt) {
		this.client.messages()
			.create(MessageCreateParams.builder()
				.model(Scenario.MODEL)
				.maxTokens(this.maxTokens)
				.addUserMessage(prompt)
				.build());
	}

	@Override
	public void close() {
		this.client.close();
	}

}
