package dev.clauderesilience.test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static dev.clauderesilience.test.SimulatorRequests.body;
import static dev.clauderesilience.test.SimulatorRequests.json;
import static dev.clauderesilience.test.SimulatorRequests.messages;
import static dev.clauderesilience.test.SimulatorRequests.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ClaudeSimulatorServerTests {

	@Test
	void startShouldApplyKeyLimitsLengthsAndModels() {
		try (ClaudeSimulator simulator = ClaudeSimulatorServer.start("--port=0", "--api-key=cli-key",
				"--requests-per-minute=120", "--input-tokens-per-minute=6000", "--output-tokens-per-minute=3000",
				"--burst=1s", "--output-tokens-between=7:7", "--models=claude-sonnet-4-5,my-model-.*",
				"--outage=my-model-down", "--generation-delay-per-token=0")) {
			assertThat(simulator.apiKey()).isEqualTo("cli-key");
			assertThat(ClaudeSimulatorServer.readyLine(simulator))
				.isEqualTo("Claude simulator ready at http://127.0.0.1:" + simulator.port() + " with API key cli-key");
			HttpResponse<String> response = messages(simulator, body("claude-sonnet-4-5", 100, false, "Hi"));
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(json(response).at("/usage/output_tokens").asLong()).isEqualTo(7);
			assertThat(response.headers().firstValue("anthropic-ratelimit-requests-limit")).hasValue("120");
			assertThat(response.headers().firstValue("anthropic-ratelimit-input-tokens-limit")).hasValue("6000");
			assertThat(response.headers().firstValue("anthropic-ratelimit-output-tokens-limit")).hasValue("3000");
			// a one-second burst of 120 RPM holds two requests: one more, then a 429
			assertThat(List.of("claude-sonnet-4-5", "claude-sonnet-4-5", "my-model-up", "my-model-down",
					"claude-haiku-4-5"))
				.extracting((model) -> status(simulator, model))
				.containsExactly(200, 429, 200, 529, 404);
		}
	}

	@Test
	void startShouldApplyFaultRatesAndAcceptAnyModel() {
		try (ClaudeSimulator simulator = ClaudeSimulatorServer.start("--port=0", "--fault-rate=429:PT30S:1",
				"--seed=3", "--accept-any-model", "--models=claude-sonnet-4-5")) {
			HttpResponse<String> response = messages(simulator, body("anything", 100, false, "Hi"));
			assertThat(response.statusCode()).isEqualTo(429);
			assertThat(response.headers().firstValue("retry-after")).hasValue("30");
			assertThat(simulator.apiKey()).isEqualTo("sim-test-key");
		}
	}

	@Test
	void startWhenOptionInvalidShouldNameTheOption() {
		Map<String, String> invalid = Map.ofEntries(Map.entry("--port=abc", "--port: not a whole number: 'abc'"),
				Map.entry("--port=70000", "--port: must be between 0 and 65535: 70000"),
				Map.entry("--port", "--port: needs a value"),
				Map.entry("--burst=3x", "--burst: not a duration such as 20ms, 3s or PT3S: '3x'"),
				Map.entry("--burst=0", "--burst: must be positive"),
				Map.entry("--fault-rate=529", "--fault-rate: expected FAULT:RATE such as 529:0.05, got '529'"),
				Map.entry("--fault-rate=529:2", "--fault-rate: rate must be between 0 and 1: 2.0"),
				Map.entry("--fault-rate=nonsense:0.1", "--fault-rate: Unknown simulated fault 'nonsense'"),
				Map.entry("--output-tokens-between=5", "--output-tokens-between: expected MIN:MAX such as 20:200, got '5'"),
				Map.entry("--output-tokens-between=9:5",
						"--output-tokens-between: outputTokens must be at least 1 and min at most max: 9, 5"),
				Map.entry("--accept-any-model=yes", "--accept-any-model: takes no value"),
				Map.entry("--requests-per-minute=-1", "--requests-per-minute: must be between 0 and "
						+ Long.MAX_VALUE + ": -1"),
				Map.entry("--bogus=1", "--bogus: unknown option"),
				Map.entry("8089", "8089: unexpected argument, options look like --name=value"));
		invalid.forEach((arg, message) -> assertThatIllegalArgumentException()
			.isThrownBy(() -> ClaudeSimulatorServer.start("--port=0", arg))
			.as(arg)
			.withMessage(message));
	}

	@Test
	void usageShouldListEveryOption() {
		for (String option : List.of("--port=", "--api-key=", "--requests-per-minute=", "--input-tokens-per-minute=",
				"--output-tokens-per-minute=", "--burst=", "--generation-delay-per-token=", "--fault-rate=",
				"--outage=", "--models=", "--accept-any-model", "--output-tokens-between=", "--seed=", "--help")) {
			assertThat(ClaudeSimulatorServer.usage()).contains(option);
		}
	}

}
