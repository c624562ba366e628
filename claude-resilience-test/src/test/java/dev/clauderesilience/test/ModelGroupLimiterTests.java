package dev.clauderesilience.test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.clauderesilience.test.SimulatorRequests.body;
import static dev.clauderesilience.test.SimulatorRequests.json;
import static dev.clauderesilience.test.SimulatorRequests.messages;
import static org.assertj.core.api.Assertions.assertThat;

class ModelGroupLimiterTests {

	private static final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T10:00:00Z"));

	// 60 RPM with 3 s burst: 3 requests of capacity, 1 more per second.
	// 1200 ITPM with 3 s burst: 60 tokens, 20 per second. 600 OTPM: 30 tokens, 10 per second.
	@RegisterExtension
	static ClaudeSimulatorExtension sim = ClaudeSimulatorExtension.create(ClaudeSimulator.builder()
		.clock(clock)
		.roundTokenRemaining(false)
		.outputTokens(20)
		.limits("sonnet", SimulatedLimits.of(60, 1200, 600))
		.limits("haiku", SimulatedLimits.of(60, 0, 0)));

	@BeforeEach
	void resetClock() {
		clock.advance(Duration.ofHours(1));
		sim.simulator().reset();
	}

	@Test
	void requestsWhenBurstExhaustedShouldAnswer429UntilRefilled() {
		String body = body("claude-haiku-4-5", 100, false, "Hi");
		for (int i = 0; i < 3; i++) {
			assertThat(messages(sim.simulator(), body).statusCode()).isEqualTo(200);
		}
		HttpResponse<String> limited = messages(sim.simulator(), body);
		assertThat(limited.statusCode()).isEqualTo(429);
		assertThat(json(limited).at("/error/type").asText()).isEqualTo("rate_limit_error");
		assertThat(limited.headers().firstValue("retry-after")).hasValue("1");
		assertThat(limited.headers().firstValue("anthropic-ratelimit-requests-remaining")).hasValue("0");
		assertThat(limited.headers().firstValue("anthropic-ratelimit-requests-limit")).hasValue("60");
		assertThat(limited.headers().firstValue("anthropic-ratelimit-requests-reset"))
			.hasValue(clock.instant().plusSeconds(3).toString());
		clock.advance(Duration.ofMillis(999));
		assertThat(messages(sim.simulator(), body).statusCode()).isEqualTo(429);
		clock.advance(Duration.ofMillis(1));
		assertThat(messages(sim.simulator(), body).statusCode()).isEqualTo(200);
	}

	@Test
	void modelGroupsShouldShareOneBucket() {
		for (String model : new String[] { "claude-haiku-4-5", "claude-haiku-4-5-20251001", "claude-3-5-haiku-latest" }) {
			assertThat(messages(sim.simulator(), body(model, 100, false, "Hi")).statusCode()).isEqualTo(200);
		}
		assertThat(messages(sim.simulator(), body("claude-haiku-4-5", 100, false, "Hi")).statusCode()).isEqualTo(429);
		assertThat(messages(sim.simulator(), body("claude-opus-4-5", 100, false, "Hi")).statusCode()).isEqualTo(200);
	}

	@Test
	void inputTokensWhenOverBucketShouldAnswer429WithTimeToRefill() {
		// 160 characters: 40 input tokens of the 60 in the bucket.
		String body = body("claude-sonnet-4-5", 1, false, "x".repeat(160));
		HttpResponse<String> first = messages(sim.simulator(), body);
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.headers().firstValue("anthropic-ratelimit-input-tokens-remaining")).hasValue("20");
		assertThat(first.headers().firstValue("anthropic-ratelimit-input-tokens-limit")).hasValue("1200");
		assertThat(first.headers().firstValue("anthropic-ratelimit-requests-remaining")).hasValue("2");
		HttpResponse<String> limited = messages(sim.simulator(), body);
		assertThat(limited.statusCode()).isEqualTo(429);
		// 20 tokens missing at 20 per second
		assertThat(limited.headers().firstValue("retry-after")).hasValue("1");
		assertThat(sim.simulator().journal().get(1).status()).isEqualTo(429);
		clock.advance(Duration.ofSeconds(1));
		assertThat(messages(sim.simulator(), body).statusCode()).isEqualTo(200);
	}

	@Test
	void outputTokensWhenOverdrawnShouldAnswer429UntilRefilled() {
		// 20 output tokens each: 30 -> 10 -> -10
		String body = body("claude-sonnet-4-5", 100, false, "Hi");
		assertThat(messages(sim.simulator(), body).statusCode()).isEqualTo(200);
		assertThat(messages(sim.simulator(), body).statusCode()).isEqualTo(200);
		HttpResponse<String> limited = messages(sim.simulator(), body);
		assertThat(limited.statusCode()).isEqualTo(429);
		assertThat(limited.headers().firstValue("anthropic-ratelimit-output-tokens-remaining")).hasValue("0");
		assertThat(limited.headers().firstValue("anthropic-ratelimit-tokens-remaining")).hasValue("0");
		assertThat(limited.headers().firstValue("anthropic-ratelimit-tokens-limit")).hasValue("600");
		assertThat(limited.headers().firstValue("retry-after")).hasValue("1");
		clock.advance(Duration.ofSeconds(1));
		assertThat(messages(sim.simulator(), body).statusCode()).isEqualTo(200);
	}

	@Test
	void faultedRequestsShouldNotConsumeLimits() {
		sim.simulator().enqueueFaults(5, SimulatedFault.overloaded());
		String body = body("claude-haiku-4-5", 100, false, "Hi");
		for (int i = 0; i < 5; i++) {
			assertThat(messages(sim.simulator(), body).statusCode()).isEqualTo(529);
		}
		for (int i = 0; i < 3; i++) {
			assertThat(messages(sim.simulator(), body).statusCode()).isEqualTo(200);
		}
	}

	@Test
	void countTokensShouldNotConsumeLimits() {
		String count = "{\"model\":\"claude-haiku-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
		for (int i = 0; i < 5; i++) {
			assertThat(SimulatorRequests.post(sim.simulator(), "/v1/messages/count_tokens", count, "x-api-key",
					sim.apiKey(), "anthropic-version", SimulatorRequests.V2026)
				.statusCode()).isEqualTo(200);
		}
		assertThat(messages(sim.simulator(), body("claude-haiku-4-5", 100, false, "Hi")).statusCode()).isEqualTo(200);
	}

	@Test
	void unlimitedGroupShouldReportLargeLimits() {
		HttpResponse<String> response = messages(sim.simulator(), body("claude-opus-4-5", 100, false, "Hi"));
		assertThat(response.headers().firstValue("anthropic-ratelimit-requests-limit")).hasValue("1000000");
		assertThat(response.headers().firstValue("anthropic-ratelimit-input-tokens-remaining")).hasValue("1000000000");
		assertThat(response.headers().firstValue("anthropic-ratelimit-tokens-reset"))
			.hasValue(clock.instant().toString());
	}

	@Test
	void roundTokenRemainingShouldRoundToNearestThousand() {
		ModelGroupLimiter limiter = new ModelGroupLimiter(SimulatedLimits.of(60, 60_000, 60_000), clock.instant());
		assertThat(limiter.admit(1_400, clock.instant()).allowed()).isTrue();
		// 3000 token bucket minus 1400 = 1600, reported as 2000
		assertThat(limiter.headers(clock.instant(), true)).containsEntry("anthropic-ratelimit-input-tokens-remaining",
				"2000");
		assertThat(limiter.headers(clock.instant(), false)).containsEntry("anthropic-ratelimit-input-tokens-remaining",
				"1600");
	}

}
