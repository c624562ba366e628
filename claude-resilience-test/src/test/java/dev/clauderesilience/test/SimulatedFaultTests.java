package dev.clauderesilience.test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Flow;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import static dev.clauderesilience.test.SimulatorRequests.V2023;
import static dev.clauderesilience.test.SimulatorRequests.body;
import static dev.clauderesilience.test.SimulatorRequests.json;
import static dev.clauderesilience.test.SimulatorRequests.messages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

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
	void faultsShouldKeepHeadersInOrderWithLowerCaseNamesAndValidateArguments() {
		SimulatedFault fault = SimulatedFault.answerWithHeaders(Map.of("X-One", "1")).withHeaders(Map.of("x-one", "2"));
		assertThat(fault.headers()).containsExactly(Map.entry("x-one", "2"));
		assertThat(SimulatedFault.overloaded().headers()).isEmpty();
		assertThat(new SimulatedFault(SimulatedFault.Kind.ERROR, 500, null, null)).isEqualTo(SimulatedFault.status(500));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> SimulatedFault.pingsOnly(Duration.ZERO));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> SimulatedFault.drip(Duration.ofMillis(-1)));
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> SimulatedFault.oversizedBody(0));
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
	void withHeadersShouldReplaceTheSimulatorsHeaders() {
		sim.simulator()
			.enqueueFault(SimulatedFault.status(429)
				.withHeaders(Map.of("Retry-After", "99999999999", "retry-after-ms", "1e15")));
		HttpResponse<String> response = messages(sim.simulator(), BODY);
		assertThat(response.statusCode()).isEqualTo(429);
		assertThat(response.headers().allValues("retry-after")).containsExactly("99999999999");
		assertThat(response.headers().allValues("retry-after-ms")).containsExactly("1e15");
		assertThat(json(response).at("/error/type").asText()).isEqualTo("rate_limit_error");
		assertThat(sim.simulator().journal().get(0).fault().headers()).containsEntry("retry-after", "99999999999");
	}

	@Test
	void answerWithHeadersShouldAnswerNormallyWithReplacedHeaders() {
		sim.simulator()
			.enqueueFault(SimulatedFault.answerWithHeaders(Map.of("anthropic-ratelimit-output-tokens-remaining", "0",
					"anthropic-ratelimit-output-tokens-reset", "2099-01-01T00:00:00Z")));
		HttpResponse<String> response = messages(sim.simulator(), BODY);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json(response).get("type").asText()).isEqualTo("message");
		assertThat(response.headers().allValues("anthropic-ratelimit-output-tokens-remaining")).containsExactly("0");
		assertThat(response.headers().allValues("anthropic-ratelimit-output-tokens-reset"))
			.containsExactly("2099-01-01T00:00:00Z");
		assertThat(response.headers().firstValue("anthropic-ratelimit-requests-remaining")).isPresent();
		assertThat(sim.simulator().journal()).singleElement().satisfies((entry) -> {
			assertThat(entry.status()).isEqualTo(200);
			assertThat(entry.outputTokens()).isPositive();
			assertThat(entry.fault().kind()).isEqualTo(SimulatedFault.Kind.ANSWER);
		});
		HttpResponse<String> next = messages(sim.simulator(), BODY);
		assertThat(next.headers().firstValue("anthropic-ratelimit-output-tokens-reset")).isPresent()
			.isNotEqualTo(Optional.of("2099-01-01T00:00:00Z"));
	}

	@Test
	void spendCapInvalidRequestShouldAnswer400WithUsageLimitMessage() {
		sim.simulator().enqueueFault(SimulatedFault.spendCapInvalidRequest(LocalDate.of(2026, 12, 1)));
		HttpResponse<String> response = messages(sim.simulator(), BODY);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().map()).doesNotContainKey("retry-after");
		assertThat(json(response).get("error")).isEqualTo(SimulatorRequests.MAPPER.createObjectNode()
			.put("type", "invalid_request_error")
			.put("message",
					"You have reached your specified API usage limits. You will regain access on 2026-12-01 at 00:00 UTC."));
		assertThat(sim.simulator().journal().get(0).status()).isEqualTo(400);
	}

	@Test
	void pingsOnlyWhenStreamingShouldSendMessageStartThenOnlyPingsUntilDisconnect() throws Exception {
		sim.simulator().enqueueFault(SimulatedFault.pingsOnly(Duration.ofMillis(5)));
		HttpResponse<InputStream> response = SimulatorRequests.CLIENT.send(
				SimulatorRequests.request(sim.simulator(), "/v1/messages", body("claude-sonnet-4-5", 100, true, "Hi"),
						"x-api-key", sim.apiKey(), "anthropic-version", V2023),
				HttpResponse.BodyHandlers.ofInputStream());
		assertThat(response.statusCode()).isEqualTo(200);
		List<String> events = new ArrayList<>();
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
			while (events.size() < 5) {
				String line = reader.readLine();
				if (line.startsWith("event: ")) {
					events.add(line.substring(7));
				}
			}
		}
		assertThat(events).containsExactly("message_start", "ping", "ping", "ping", "ping");
		assertThat(sim.simulator().journal()).singleElement().satisfies((entry) -> {
			assertThat(entry.status()).isEqualTo(200);
			assertThat(entry.fault()).isEqualTo(SimulatedFault.pingsOnly(Duration.ofMillis(5)));
		});
		assertThat(messages(sim.simulator(), BODY).statusCode()).isEqualTo(200);
	}

	@Test
	void pingsOnlyWhenNotStreamingShouldSendHeadersAndNoBody() throws Exception {
		sim.simulator().enqueueFault(SimulatedFault.pingsOnly(Duration.ofMillis(5)));
		HttpResponse<InputStream> response = SimulatorRequests.CLIENT.send(
				SimulatorRequests.request(sim.simulator(), "/v1/messages", BODY, "x-api-key", sim.apiKey(),
						"anthropic-version", V2023),
				HttpResponse.BodyHandlers.ofInputStream());
		try (InputStream body = response.body()) {
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
			assertThat(response.headers().firstValue("request-id")).isPresent();
			assertThat(body.available()).isZero();
		}
		assertThat(messages(sim.simulator(), BODY).statusCode()).isEqualTo(200);
	}

	@Test
	@Timeout(60)
	void pingsOnlyShouldEndWhenTheSimulatorStops() throws Exception {
		ClaudeSimulator simulator = ClaudeSimulator.builder().build().start();
		simulator.enqueueFault(SimulatedFault.pingsOnly(Duration.ofDays(1)));
		HttpResponse<InputStream> response = SimulatorRequests.CLIENT.send(
				SimulatorRequests.request(simulator, "/v1/messages", body("claude-sonnet-4-5", 100, true, "Hi"),
						"x-api-key", simulator.apiKey(), "anthropic-version", V2023),
				HttpResponse.BodyHandlers.ofInputStream());
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
			assertThat(reader.readLine()).isEqualTo("event: message_start");
			simulator.stop();
			// returns only because the simulator closed the endless answer
			assertThat(readUntilClosed(reader)).doesNotContain("message_stop");
		}
	}

	@Test
	void dripShouldSendTheNormalAnswerInSmallPieces() throws Exception {
		String expected = json(messages(sim.simulator(), BODY)).at("/content/0/text").asText();
		sim.simulator().enqueueFault(SimulatedFault.drip(Duration.ofMillis(1)));
		HttpResponse<Flow.Publisher<List<ByteBuffer>>> response = SimulatorRequests.CLIENT.send(
				SimulatorRequests.request(sim.simulator(), "/v1/messages", BODY, "x-api-key", sim.apiKey(),
						"anthropic-version", V2023),
				HttpResponse.BodyHandlers.ofPublisher());
		List<byte[]> pieces = Flux.from(JdkFlowAdapter.flowPublisherToFlux(response.body()))
			.flatMapIterable((buffers) -> buffers)
			.map((buffer) -> {
				byte[] piece = new byte[buffer.remaining()];
				buffer.get(piece);
				return piece;
			})
			.collectList()
			.block(Duration.ofSeconds(30));
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		pieces.forEach(body::writeBytes);
		JsonNode message = SimulatorRequests.MAPPER.readTree(body.toByteArray());
		assertThat(message.at("/content/0/text").asText()).isEqualTo(expected);
		assertThat(response.headers().firstValue("content-length")).hasValue(Integer.toString(body.size()));
		assertThat(pieces).hasSizeGreaterThan(1);
		assertThat(sim.simulator().journal().get(1).fault().kind()).isEqualTo(SimulatedFault.Kind.DRIP);
		assertThat(sim.simulator().journal().get(1).status()).isEqualTo(200);
	}

	@Test
	void dripWhenStreamingShouldSendTheNormalEvents() {
		String stream = body("claude-sonnet-4-5", 100, true, "Hi");
		String expected = messages(sim.simulator(), stream).body();
		sim.simulator().enqueueFault(SimulatedFault.drip(Duration.ZERO));
		String dripped = messages(sim.simulator(), stream).body();
		assertThat(dripped.replaceAll("msg_sim_\\d+", "msg"))
			.isEqualTo(expected.replaceAll("msg_sim_\\d+", "msg"));
	}

	@Test
	void dripPiecesShouldBeSmallAndEachFollowAPause() {
		byte[] body = "0123456789".getBytes(StandardCharsets.US_ASCII);
		StepVerifier.withVirtualTime(() -> Drip.pieces(body, Duration.ofSeconds(1)).map(String::new))
			.expectSubscription()
			.expectNoEvent(Duration.ofSeconds(1))
			.expectNext("0123")
			.expectNoEvent(Duration.ofSeconds(1))
			.expectNext("4567")
			.expectNoEvent(Duration.ofSeconds(1))
			.expectNext("89")
			.verifyComplete();
	}

	@Test
	void oversizedBodyShouldSendAMessageOfThatSizeWithContentLength() throws Exception {
		sim.simulator().enqueueFault(SimulatedFault.oversizedBody(3_000_000));
		HttpResponse<byte[]> response = SimulatorRequests.CLIENT.send(
				SimulatorRequests.request(sim.simulator(), "/v1/messages", BODY, "x-api-key", sim.apiKey(),
						"anthropic-version", V2023),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).hasSize(3_000_000);
		assertThat(response.headers().firstValue("content-length")).hasValue("3000000");
		assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
		JsonNode message = SimulatorRequests.MAPPER.readTree(response.body());
		String text = message.at("/content/0/text").asText();
		assertThat(text.length()).isBetween(2_999_000, 3_000_000);
		assertThat(text).startsWith("the simulated answer");
		assertThat(message.get("stop_reason").asText()).isEqualTo("end_turn");
		// about one token per four characters
		assertThat(message.at("/usage/output_tokens").asLong()).isCloseTo(text.length() / 4, within(2L));
		assertThat(sim.simulator().journal()).singleElement().satisfies((entry) -> {
			assertThat(entry.status()).isEqualTo(200);
			assertThat(entry.outputTokens()).isEqualTo(message.at("/usage/output_tokens").asLong());
		});
	}

	@Test
	void oversizedBodyWhenSmallerThanTheMessageShouldSendItWithEmptyText() {
		sim.simulator().enqueueFault(SimulatedFault.oversizedBody(10));
		HttpResponse<String> response = messages(sim.simulator(), BODY);
		assertThat(json(response).at("/content/0/text").asText()).isEmpty();
		assertThat(response.headers().firstValue("content-length"))
			.hasValue(Integer.toString(response.body().length()));
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
		assertThat(SimulatedFault.parse("spend-limit-400:2026-12-01"))
			.isEqualTo(SimulatedFault.spendCapInvalidRequest(LocalDate.of(2026, 12, 1)));
		assertThat(SimulatedFault.parse("spend-limit-400").until()).isEqualTo(LocalDate.of(2099, 1, 1));
		assertThat(SimulatedFault.parse("pings-only:PT15S")).isEqualTo(SimulatedFault.pingsOnly(Duration.ofSeconds(15)));
		assertThat(SimulatedFault.parse("drip:PT0.05S")).isEqualTo(SimulatedFault.drip(Duration.ofMillis(50)));
		assertThat(SimulatedFault.parse("oversized-body:100000000"))
			.isEqualTo(SimulatedFault.oversizedBody(100_000_000));
		assertThat(SimulatedFault.parse("429; Retry-After=99999999999 ;retry-after-ms=1e15"))
			.isEqualTo(SimulatedFault.status(429)
				.withHeaders(Map.of("retry-after", "99999999999", "retry-after-ms", "1e15")));
		assertThat(SimulatedFault.parse("answer;anthropic-ratelimit-output-tokens-reset=2099-01-01T00:00:00Z"))
			.isEqualTo(SimulatedFault
				.answerWithHeaders(Map.of("anthropic-ratelimit-output-tokens-reset", "2099-01-01T00:00:00Z")));
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> SimulatedFault.parse("nonsense"));
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> SimulatedFault.parse("429;no-value"));
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> SimulatedFault.parse("drip"));
	}

	private static String readUntilClosed(BufferedReader reader) {
		StringBuilder received = new StringBuilder();
		try {
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				received.append(line).append('\n');
			}
		}
		catch (IOException ex) {
			// the simulator closed the connection in the middle of the response
		}
		return received.toString();
	}

}
