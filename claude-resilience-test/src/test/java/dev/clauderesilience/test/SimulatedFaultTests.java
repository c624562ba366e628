package dev.clauderesilience.test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.clauderesilience.test.SimulatorRequests.V2023;
import static dev.clauderesilience.test.SimulatorRequests.body;
import static dev.clauderesilience.test.SimulatorRequests.json;
import static dev.clauderesilience.test.SimulatorRequests.messages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SimulatedFaultTests {

	@RegisterExtension
	static ClaudeSimulatorExtension sim = ClaudeSimulatorExtension.create();

	private static final String BODY = body("claude-sonnet-4-5", 100, false, "Hi");

	@Test
	void statusFaultsShouldAnswerTheirErrorTypeOnceEach() {
		Map<Integer, String> types = Map.ofEntries(Map.entry(400, "invalid_request_error"),
				Map.entry(401, "authentication_error"), Map.entry(402, "billing_error"),
				Map.entry(403, "permission_error"), Map.entry(404, "not_found_error"), Map.entry(409, "conflict_error"),
				Map.entry(413, "request_too_large"), Map.entry(429, "rate_limit_error"), Map.entry(500, "api_error"),
				Map.entry(504, "timeout_error"), Map.entry(529, "overloaded_error"));
		types.forEach((status, type) -> {
			sim.simulator().enqueueFault(SimulatedFault.status(status));
			HttpResponse<String> response = messages(sim.simulator(), BODY);
			assertThat(response.statusCode()).isEqualTo(status);
			assertThat(json(response).at("/error/type").asText()).isEqualTo(type);
			assertThat(json(response).get("request_id").asText()).startsWith("req_sim_");
			assertThat(response.headers().firstValue("anthropic-ratelimit-requests-limit")).isPresent();
			assertThat(response.headers().firstValue("retry-after").isPresent()).isEqualTo(status == 429);
		});
		assertThat(messages(sim.simulator(), BODY).statusCode()).isEqualTo(200);
		assertThat(sim.simulator().journal()).hasSize(types.size() + 1);
		assertThat(sim.simulator().journal().get(0).fault()).isNotNull();
	}

	@Test
	void enqueueFaultsShouldFailTheNextRequestsOnly() {
		sim.simulator().enqueueFaults(2, SimulatedFault.overloaded());
		assertThat(messages(sim.simulator(), BODY).statusCode()).isEqualTo(529);
		assertThat(messages(sim.simulator(), BODY).statusCode()).isEqualTo(529);
		assertThat(messages(sim.simulator(), BODY).statusCode()).isEqualTo(200);
	}

	@Test
	void rateLimitedFaultShouldAnnounceChosenRetryAfter() {
		sim.simulator().enqueueFault(SimulatedFault.rateLimited(Duration.ofMillis(29_500)));
		HttpResponse<String> response = messages(sim.simulator(), BODY);
		assertThat(response.statusCode()).isEqualTo(429);
		assertThat(response.headers().firstValue("retry-after")).hasValue("30");
	}

	@Test
	void spendLimitFaultShouldAnswer429WithErrorCodeAndNoRetryAfter() {
		sim.simulator().enqueueFault(SimulatedFault.spendLimitReached(LocalDate.of(2026, 12, 1)));
		HttpResponse<String> response = messages(sim.simulator(), BODY);
		assertThat(response.statusCode()).isEqualTo(429);
		assertThat(response.headers().firstValue("retry-after")).isEmpty();
		assertThat(json(response).at("/error/type").asText()).isEqualTo("rate_limit_error");
		assertThat(json(response).at("/error/details/error_code").asText()).isEqualTo("enforced_spend_limit_reached");
		assertThat(json(response).at("/error/message").asText()).contains("2026-12-01");
	}

	@Test
	void htmlBadGatewayFaultShouldAnswerHtml() {
		sim.simulator().enqueueFault(SimulatedFault.htmlBadGateway());
		HttpResponse<String> response = messages(sim.simulator(), BODY);
		assertThat(response.statusCode()).isEqualTo(502);
		assertThat(response.headers().firstValue("content-type")).hasValue("text/html");
		assertThat(response.body()).contains("<html>").contains("502 Bad Gateway");
	}

	@Test
	void emptyServiceUnavailableFaultShouldAnswerEmpty503() {
		sim.simulator().enqueueFault(SimulatedFault.emptyServiceUnavailable());
		HttpResponse<String> response = messages(sim.simulator(), BODY);
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.body()).isEmpty();
	}

	@Test
	void connectionResetFaultShouldCloseWithoutResponse() {
		sim.simulator().enqueueFault(SimulatedFault.connectionReset());
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> SimulatorRequests.send(sim.simulator(),
				"/v1/messages", BODY, "x-api-key", sim.apiKey(), "anthropic-version", V2023));
		assertThat(sim.simulator().journal()).singleElement().satisfies((entry) -> {
			assertThat(entry.status()).isZero();
			assertThat(entry.fault()).isEqualTo(SimulatedFault.connectionReset());
		});
		assertThat(messages(sim.simulator(), BODY).statusCode()).isEqualTo(200);
	}

	@Test
	void truncatedBodyFaultShouldCutTheBody() {
		sim.simulator().enqueueFault(SimulatedFault.truncatedBody());
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> SimulatorRequests.send(sim.simulator(),
				"/v1/messages", BODY, "x-api-key", sim.apiKey(), "anthropic-version", V2023));
		assertThat(messages(sim.simulator(), BODY).statusCode()).isEqualTo(200);
	}

	@Test
	void delayFaultShouldAnswerNormallyAfterTheDelay() {
		sim.simulator().enqueueFault(SimulatedFault.delay(Duration.ofMillis(300)));
		long start = System.nanoTime();
		HttpResponse<String> response = messages(sim.simulator(), BODY);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(sim.simulator().journal().get(0).fault().kind()).isEqualTo(SimulatedFault.Kind.DELAY);
	}

	@Test
	void midStreamErrorFaultShouldSendErrorEventAfterSomeText() {
		sim.simulator().enqueueFault(SimulatedFault.midStreamError());
		HttpResponse<String> response = messages(sim.simulator(), body("claude-sonnet-4-5", 100, true, "Hi"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).startsWith("event: message_start\n")
			.contains("event: content_block_delta\n")
			.endsWith("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
					+ "\"message\":\"Overloaded\"}}\n\n")
			.doesNotContain("message_stop");
	}

	@Test
	void midStreamErrorFaultWhenNotStreamingShouldAnswer529() {
		sim.simulator().enqueueFault(SimulatedFault.midStreamError());
		assertThat(messages(sim.simulator(), BODY).statusCode()).isEqualTo(529);
	}

	@Test
	void outageShouldFailOnlyThatModelUntilCleared() {
		sim.simulator().outage("claude-sonnet-4-5");
		HttpResponse<String> response = messages(sim.simulator(), BODY);
		assertThat(response.statusCode()).isEqualTo(529);
		assertThat(json(response).at("/error/type").asText()).isEqualTo("overloaded_error");
		assertThat(messages(sim.simulator(), body("claude-sonnet-4-6", 10, false, "Hi")).statusCode()).isEqualTo(200);
		sim.simulator().clearOutage("claude-sonnet-4-5");
		assertThat(messages(sim.simulator(), BODY).statusCode()).isEqualTo(200);
	}

	@Test
	void faultRatesShouldFailRequestsWithSeededRandom() {
		try (ClaudeSimulator simulator = ClaudeSimulator.builder()
			.seed(42)
			.faultRates(Map.of(529, 0.3, 500, 0.2))
			.build()
			.start()) {
			int failures = 0;
			for (int i = 0; i < 40; i++) {
				int status = messages(simulator, BODY).statusCode();
				assertThat(status).isIn(200, 500, 529);
				failures += (status != 200) ? 1 : 0;
			}
			assertThat(failures).isBetween(8, 32);
			simulator.setFaultRates(Map.of());
			assertThat(messages(simulator, BODY).statusCode()).isEqualTo(200);
		}
	}

	@Test
	void parseShouldReadPropertyValues() {
		assertThat(SimulatedFault.parse("529")).isEqualTo(SimulatedFault.overloaded());
		assertThat(SimulatedFault.parse("429:PT30S")).isEqualTo(SimulatedFault.rateLimited(Duration.ofSeconds(30)));
		assertThat(SimulatedFault.parse("spend-limit:2026-12-01"))
			.isEqualTo(SimulatedFault.spendLimitReached(LocalDate.of(2026, 12, 1)));
		assertThat(SimulatedFault.parse("html-502")).isEqualTo(SimulatedFault.htmlBadGateway());
		assertThat(SimulatedFault.parse("empty-503")).isEqualTo(SimulatedFault.emptyServiceUnavailable());
		assertThat(SimulatedFault.parse("connection-reset")).isEqualTo(SimulatedFault.connectionReset());
		assertThat(SimulatedFault.parse("delay:PT2S")).isEqualTo(SimulatedFault.delay(Duration.ofSeconds(2)));
		assertThat(SimulatedFault.parse("truncated-body")).isEqualTo(SimulatedFault.truncatedBody());
		assertThat(SimulatedFault.parse("mid-stream-error")).isEqualTo(SimulatedFault.midStreamError());
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> SimulatedFault.parse("nonsense"));
	}

}
