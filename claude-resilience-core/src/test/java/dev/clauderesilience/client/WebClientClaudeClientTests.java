package dev.clauderesilience.client;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.clauderesilience.client.ClaudeStreamEvent.ContentBlockDelta;
import dev.clauderesilience.client.ClaudeStreamEvent.TextDelta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class WebClientClaudeClientTests {

	static final String API_KEY = "sk-ant-api03-secret-test-key-0123456789";

	private static final ObjectMapper json = new ObjectMapper();

	private MockWebServer server;

	@BeforeEach
	void startServer() throws IOException {
		this.server = new MockWebServer();
		this.server.start(java.net.InetAddress.getByName("127.0.0.1"), 0);
	}

	@AfterEach
	void stopServer() throws IOException {
		this.server.shutdown();
	}

	private ClaudeClient.Builder builder() {
		return ClaudeClient.builder()
			.baseUrl("http://127.0.0.1:" + this.server.getPort())
			.apiKey(API_KEY)
			.defaultModel("claude-sonnet-4-5")
			.defaultMaxTokens(1024);
	}

	private ClaudeClient client() {
		return builder().build();
	}

	private RecordedRequest taken() throws InterruptedException {
		RecordedRequest request = this.server.takeRequest(5, TimeUnit.SECONDS);
		assertThat(request).as("a request reached the server").isNotNull();
		return request;
	}

	@Test
	void sendWhenApiAnswersShouldReturnTypedMessage() {
		this.server.enqueue(ApiPayloads.json(200, ApiPayloads.MESSAGE));

		ClaudeResponse response = client().send(ClaudeRequest.of("claude-sonnet-4-5", 200, "Hi")).block();

		assertThat(response.id()).isEqualTo("msg_01XFDUDYJgAACzvnptvVoYEL");
		assertThat(response.model()).isEqualTo("claude-sonnet-4-5-20250929");
		assertThat(response.text()).isEqualTo("Hello! How can I help?");
		assertThat(response.stopReason()).isEqualTo("end_turn");
		assertThat(response.stopSequence()).isNull();
		assertThat(response.usage()).isEqualTo(new Usage(12, 9, 3, 100));
		assertThat(response.rateLimits().requests().remaining()).isEqualTo(49L);
		assertThat(response.rateLimits().requestId()).isEqualTo("req_018EeWyXxfu5pfWkrYcMdjWG");
	}

	@Test
	void sendShouldPostTheRequestJsonWithHeadersAsConfigured() throws Exception {
		this.server.enqueue(ApiPayloads.json(200, ApiPayloads.MESSAGE));
		ClaudeRequest request = ClaudeRequest.builder()
			.system("Be brief.")
			.user("Hi")
			.assistant("Hello")
			.user("Tell me a joke")
			.stopSequences(List.of("END"))
			.metadata("user_id", "u-42")
			.build();

		client().send(request).block();

		RecordedRequest recorded = taken();
		assertThat(recorded.getMethod()).isEqualTo("POST");
		assertThat(recorded.getPath()).isEqualTo("/v1/messages");
		assertThat(recorded.getHeaders().values("anthropic-version")).containsExactly("2026-10-21");
		assertThat(recorded.getHeaders().values("x-api-key")).containsExactly(API_KEY);
		assertThat(recorded.getHeader("authorization")).isNull();
		assertThat(recorded.getHeader("content-type")).startsWith("application/json");
		// the library's version as Maven built it, not the placeholder of the unfiltered resource
		assertThat(recorded.getHeader("user-agent")).matches("claude-resilience/\\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(Java [^)]+\\)");
		assertThat(json.readTree(recorded.getBody().readUtf8())).isEqualTo(json.readTree("""
				{"model":"claude-sonnet-4-5","max_tokens":1024,"system":"Be brief.",
				 "messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"},
				             {"role":"user","content":"Tell me a joke"}],
				 "stop_sequences":["END"],"metadata":{"user_id":"u-42"}}"""));
	}

	@Test
	void sendWhenBearerSchemeAndOldVersionShouldSendThemOnce() throws Exception {
		this.server.enqueue(ApiPayloads.json(200, ApiPayloads.MESSAGE));
		ClaudeClient client = builder().authScheme(AuthScheme.BEARER).apiVersion(ApiVersion.V2023_06_01).build();

		client.send(ClaudeRequest.builder().user("Hi").temperature(0.2).topP(0.9).topK(5).build()).block();

		RecordedRequest recorded = taken();
		assertThat(recorded.getHeaders().values("anthropic-version")).containsExactly("2023-06-01");
		assertThat(recorded.getHeaders().values("authorization")).containsExactly("Bearer " + API_KEY);
		assertThat(recorded.getHeader("x-api-key")).isNull();
		JsonNode body = json.readTree(recorded.getBody().readUtf8());
		assertThat(body.get("temperature").asDouble()).isEqualTo(0.2);
		assertThat(body.get("top_p").asDouble()).isEqualTo(0.9);
		assertThat(body.get("top_k").asInt()).isEqualTo(5);
	}

	@Test
	void sendWhenApplicationBuilderHasVersionHeaderShouldStillSendExactlyOne() throws Exception {
		this.server.enqueue(ApiPayloads.json(200, ApiPayloads.MESSAGE));
		var appBuilder = org.springframework.web.reactive.function.client.WebClient.builder()
			.defaultHeader("anthropic-version", "2023-06-01")
			.defaultHeader("x-app", "kept");

		builder().webClientBuilder(appBuilder).build().send(ClaudeRequest.of("claude-haiku-4-5", 10, "Hi")).block();

		RecordedRequest recorded = taken();
		assertThat(recorded.getHeaders().values("anthropic-version")).containsExactly("2026-10-21");
		assertThat(recorded.getHeader("x-app")).isEqualTo("kept");
	}

	@Test
	void sendWhenApplicationBuilderHasCredentialsOfItsOwnShouldSendOnlyTheClaudeKey() throws Exception {
		this.server.enqueue(ApiPayloads.json(200, ApiPayloads.MESSAGE));
		var appBuilder = org.springframework.web.reactive.function.client.WebClient.builder()
			.defaultHeader("Authorization", "Basic Z2F0ZXdheTpzZWNyZXQ=")
			.defaultHeader("X-Api-Key", "the-apps-other-key")
			.defaultHeader("x-app", "kept");

		builder().webClientBuilder(appBuilder).build().send(ClaudeRequest.of("claude-haiku-4-5", 10, "Hi")).block();

		RecordedRequest recorded = taken();
		assertThat(recorded.getHeaders().values("x-api-key")).containsExactly(API_KEY);
		assertThat(recorded.getHeader("authorization")).isNull();
		assertThat(recorded.getHeader("x-app")).isEqualTo("kept");
	}

	static Stream<Arguments> versionRules() {
		JsonNode citations = json.createArrayNode().add(json.createObjectNode().put("type", "char_location"));
		return Stream.of(Arguments.of(ClaudeRequest.builder().user("Hi").temperature(1.0).build(), "temperature"),
				Arguments.of(ClaudeRequest.builder().user("Hi").topP(0.5).build(), "top_p"),
				Arguments.of(ClaudeRequest.builder().user("Hi").topK(3).build(), "top_k"),
				Arguments.of(ClaudeRequest.builder()
					.user("Read this")
					.message(new Message("assistant",
							List.of(new ContentBlock.Document(json.createObjectNode().put("type", "text"), null))))
					.build(), "messages[1].content[0]"),
				Arguments.of(ClaudeRequest.builder()
					.message(new Message("user", List.of(new ContentBlock.Text("quoted", citations, null))))
					.build(), "messages[0].content[0].citations"));
	}

	@ParameterizedTest
	@MethodSource("versionRules")
	void sendWhenNewestVersionRuleBrokenShouldFailLocallyAndSendNothing(ClaudeRequest request, String field) {
		ClaudeClient client = client();

		ClaudeRequestValidationException ex = catchThrowableOfType(ClaudeRequestValidationException.class,
				() -> client.send(request).block());
		ClaudeRequestValidationException streamed = catchThrowableOfType(ClaudeRequestValidationException.class,
				() -> client.stream(request).blockLast());

		assertThat(ex.field()).isEqualTo(field);
		assertThat(ex.apiVersion()).isEqualTo(ApiVersion.V2026_10_21);
		assertThat(ex.getMessage()).contains(field).contains("2026-10-21");
		assertThat(ex.isRetryable()).isFalse();
		assertThat(streamed.field()).isEqualTo(field);
		assertThat(this.server.getRequestCount()).isZero();
	}

	@Test
	void sendWhenOldVersionShouldAcceptWhatTheNewestRejects() throws Exception {
		this.server.enqueue(ApiPayloads.json(200, ApiPayloads.MESSAGE));
		ClaudeRequest request = (ClaudeRequest) versionRules().toList().get(3).get()[0];

		builder().apiVersion(ApiVersion.V2023_06_01).build().send(request).block();

		assertThat(json.readTree(taken().getBody().readUtf8()).at("/messages/1/content/0/type").asText())
			.isEqualTo("document");
	}

	static Stream<Arguments> statuses() {
		return Stream.of(Arguments.of(400, "invalid_request_error", ClaudeApiException.InvalidRequest.class, false),
				Arguments.of(401, "authentication_error", ClaudeApiException.Authentication.class, false),
				Arguments.of(402, "billing_error", ClaudeApiException.Billing.class, false),
				Arguments.of(403, "permission_error", ClaudeApiException.PermissionDenied.class, false),
				Arguments.of(404, "not_found_error", ClaudeApiException.NotFound.class, false),
				Arguments.of(409, "conflict_error", ClaudeApiException.Conflict.class, true),
				Arguments.of(413, "request_too_large", ClaudeApiException.RequestTooLarge.class, false),
				Arguments.of(429, "rate_limit_error", ClaudeApiException.RateLimited.class, true),
				Arguments.of(500, "api_error", ClaudeApiException.ApiError.class, true),
				Arguments.of(504, "timeout_error", ClaudeApiException.Timeout.class, true),
				Arguments.of(529, "overloaded_error", ClaudeApiException.Overloaded.class, true),
				Arguments.of(418, "teapot_error", ClaudeApiException.UnknownStatus.class, false));
	}

	@ParameterizedTest
	@MethodSource("statuses")
	void sendWhenApiAnswersErrorJsonShouldMapToItsType(int status, String type,
			Class<? extends ClaudeApiException> expected, boolean retryable) {
		this.server.enqueue(ApiPayloads.json(status, ApiPayloads.error(type, "Upstream detail " + status))
			.setHeader("retry-after", "7"));

		ClaudeApiException ex = catchThrowableOfType(ClaudeApiException.class,
				() -> client().send(ClaudeRequest.of("claude-sonnet-4-5", 10, "Hi")).block());

		assertThat(ex).isExactlyInstanceOf(expected);
		assertThat(ex.status()).isEqualTo(status);
		assertThat(ex.errorType()).isEqualTo(type);
		assertThat(ex.upstreamMessage()).isEqualTo("Upstream detail " + status);
		assertThat(ex.requestId()).isEqualTo("req_018EeWyXxfu5pfWkrYcMdjWG");
		assertThat(ex.rateLimits().requests().limit()).isEqualTo(50L);
		assertThat(ex.retryAfter()).contains(Duration.ofSeconds(7));
		assertThat(ex.isRetryable()).isEqualTo(retryable);
		assertThat(ex.getMessage()).contains("Upstream detail").contains("req_018EeWyXxfu5pfWkrYcMdjWG");
		assertThat(ex.userMessage()).doesNotContain("Upstream").doesNotContain(type);
	}

	@ParameterizedTest
	@MethodSource("statuses")
	void sendWhenApiAnswersNonJsonErrorShouldStillMapByStatus(int status, String type,
			Class<? extends ClaudeApiException> expected) {
		this.server.enqueue(new MockResponse().setResponseCode(status)
			.setHeader("content-type", "text/html")
			.setBody("<html><body><h1>" + status + " Gateway says no</h1></body></html>"));

		ClaudeApiException ex = catchThrowableOfType(ClaudeApiException.class,
				() -> client().send(ClaudeRequest.of("claude-sonnet-4-5", 10, "Hi")).block());

		assertThat(ex).isExactlyInstanceOf(expected);
		assertThat(ex.upstreamMessage()).contains("Gateway says no");
	}

	@Test
	void sendWhenGatewayAnswersHtml502OrEmpty503ShouldBeRetryableApiErrors() {
		this.server.enqueue(new MockResponse().setResponseCode(502)
			.setHeader("content-type", "text/html")
			.setBody("<html><head><title>502 Bad Gateway</title></head></html>"));
		this.server.enqueue(new MockResponse().setResponseCode(503));
		ClaudeClient client = client();

		ClaudeApiException badGateway = catchThrowableOfType(ClaudeApiException.class,
				() -> client.send(ClaudeRequest.of("claude-sonnet-4-5", 10, "Hi")).block());
		ClaudeApiException unavailable = catchThrowableOfType(ClaudeApiException.class,
				() -> client.send(ClaudeRequest.of("claude-sonnet-4-5", 10, "Hi")).block());

		assertThat(badGateway).isInstanceOf(ClaudeApiException.ApiError.class);
		assertThat(badGateway.errorType()).isEqualTo("api_error");
		assertThat(badGateway.isRetryable()).isTrue();
		assertThat(unavailable).isInstanceOf(ClaudeApiException.ApiError.class);
		assertThat(unavailable.status()).isEqualTo(503);
		assertThat(unavailable.upstreamMessage()).isEqualTo("(empty body)");
	}

	@Test
	void sendWhenSpendCapReachedShouldNotBeRetryable() {
		this.server.enqueue(ApiPayloads.json(429, """
				{"type":"error","error":{"type":"rate_limit_error","message":"You have reached your specified \
				workspace API usage limits. You will regain access on 2026-12-01 at 00:00 UTC.",\
				"details":{"error_code":"enforced_spend_limit_reached"}},"request_id":"req_1"}"""));
		this.server.enqueue(ApiPayloads.json(429, ApiPayloads.error("rate_limit_error", "Number of requests has "
				+ "exceeded your per-minute rate limit")).setHeader("retry-after", "3"));
		ClaudeClient client = client();

		ClaudeApiException.SpendCap spendCap = catchThrowableOfType(ClaudeApiException.SpendCap.class,
				() -> client.send(ClaudeRequest.of("claude-sonnet-4-5", 10, "Hi")).block());
		ClaudeApiException.RateLimited perMinute = catchThrowableOfType(ClaudeApiException.RateLimited.class,
				() -> client.send(ClaudeRequest.of("claude-sonnet-4-5", 10, "Hi")).block());

		assertThat(spendCap.isRetryable()).isFalse();
		assertThat(spendCap.regainsAt()).isEqualTo(java.time.Instant.parse("2026-12-01T00:00:00Z"));
		assertThat(perMinute.isRetryable()).isTrue();
		assertThat(perMinute.retryAfter()).contains(Duration.ofSeconds(3));
	}

	@Test
	void sendWhenSuccessBodyIsNotAMessageShouldRaiseRetryableFormatError() {
		this.server.enqueue(ApiPayloads.json(200, "{\"type\":\"message\",\"id\":\"msg_1\""));
		this.server.enqueue(ApiPayloads.json(200, "<html>proxy login</html>"));
		this.server.enqueue(ApiPayloads.json(200, "{\"type\":\"completion\",\"completion\":\"x\"}"));
		ClaudeClient client = client();

		for (int i = 0; i < 3; i++) {
			ClaudeResponseFormatException ex = catchThrowableOfType(ClaudeResponseFormatException.class,
					() -> client.send(ClaudeRequest.of("claude-sonnet-4-5", 10, "Hi")).block());
			assertThat(ex.isRetryable()).isTrue();
			assertThat(ex.requestId()).isEqualTo("req_018EeWyXxfu5pfWkrYcMdjWG");
		}
	}

	@Test
	void sendWhenBodyTruncatedShouldRaiseRetryableError() {
		this.server.enqueue(ApiPayloads.json(200, ApiPayloads.MESSAGE)
			.setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));

		ClaudeException ex = catchThrowableOfType(ClaudeException.class,
				() -> client().send(ClaudeRequest.of("claude-sonnet-4-5", 10, "Hi")).block());

		assertThat(ex).isInstanceOfAny(ClaudeTransportException.class, ClaudeResponseFormatException.class);
		assertThat(ex.isRetryable()).isTrue();
	}

	@Test
	void sendWhenConnectionResetShouldRaiseTransportError() {
		this.server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));

		ClaudeTransportException ex = catchThrowableOfType(ClaudeTransportException.class,
				() -> client().send(ClaudeRequest.of("claude-sonnet-4-5", 10, "Hi")).block());

		assertThat(ex.isRetryable()).isTrue();
		assertThat(ex.isTimeout()).isFalse();
	}

	@Test
	void sendWhenConnectionRefusedShouldRaiseTransportError() throws IOException {
		int port = this.server.getPort();
		this.server.shutdown();
		ClaudeClient client = ClaudeClient.builder().baseUrl("http://127.0.0.1:" + port).apiKey(API_KEY).build();

		assertThatExceptionOfType(ClaudeTransportException.class)
			.isThrownBy(() -> client.send(ClaudeRequest.of("claude-sonnet-4-5", 10, "Hi")).block())
			.satisfies((ex) -> assertThat(ex.isRetryable()).isTrue());
	}

	@Test
	void sendWhenConnectionPoolIsFullShouldFailAtOnceMarkedAsLocal() throws InterruptedException {
		// the first answer holds the connection for 2 s: the window in which the third call must find
		// the pool full, wide enough for a slow machine
		this.server.enqueue(ApiPayloads.json(200, ApiPayloads.MESSAGE).setHeadersDelay(2, TimeUnit.SECONDS));
		this.server.enqueue(ApiPayloads.json(200, ApiPayloads.MESSAGE));
		ClaudeClient client = builder().connectionPool(1, 1).build();
		ClaudeRequest request = ClaudeRequest.of("claude-sonnet-4-5", 10, "Hi");

		// one on the wire, one waiting for the connection, the third cannot even queue
		var first = client.send(request).toFuture();
		// the first holds the only connection once the server has it (no race with its set-up)
		assertThat(this.server.takeRequest(5, TimeUnit.SECONDS)).isNotNull();
		var second = client.send(request).toFuture();
		ClaudeTransportException third = catchThrowableOfType(ClaudeTransportException.class,
				() -> client.send(request).block(Duration.ofSeconds(1)));

		assertThat(third.isConnectionPoolExhausted()).isTrue();
		assertThat(third.isRetryable()).isTrue();
		assertThat(third.getMessage()).contains("connection pool is full");
		assertThat(first.join().text()).isEqualTo("Hello! How can I help?");
		assertThat(second.join().text()).isEqualTo("Hello! How can I help?");
		assertThat(this.server.getRequestCount()).isEqualTo(2);
	}

	@Test
	void sendWhenNoAnswerWithinResponseTimeoutShouldRaiseTimeout() {
		this.server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
		ClaudeClient client = builder().responseTimeout(Duration.ofMillis(100)).build();

		ClaudeTransportException ex = catchThrowableOfType(ClaudeTransportException.class,
				() -> client.send(ClaudeRequest.of("claude-sonnet-4-5", 10, "Hi")).block());

		assertThat(ex.isTimeout()).isTrue();
		assertThat(ex.isRetryable()).isTrue();
	}

	@Test
	void sendShouldRoundTripUnknownFieldsAndBlockTypes() throws Exception {
		String answer = """
				{"id":"msg_2","type":"message","role":"assistant","model":"claude-opus-4-5",
				 "content":[{"type":"text","text":"See","cache_control":{"type":"ephemeral"}},
				            {"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{"query":"x"}},
				            {"type":"tool_use","id":"toolu_1","name":"lookup","input":{"q":1}},
				            {"type":"thinking","thinking":"hmm","signature":"sig"}],
				 "stop_reason":"pause_turn","stop_sequence":null,"container":{"id":"c1"},
				 "usage":{"input_tokens":1,"output_tokens":2,"server_tool_use":{"web_search_requests":1}}}""";
		this.server.enqueue(ApiPayloads.json(200, answer));
		this.server.enqueue(ApiPayloads.json(200, ApiPayloads.MESSAGE));
		ClaudeClient client = client();

		ClaudeResponse response = client.send(ClaudeRequest.of("claude-opus-4-5", 100, "Search")).block();
		assertThat(response.stopReason()).isEqualTo("pause_turn");
		assertThat(response.extra()).containsKey("container");
		assertThat(response.content()).hasSize(4);
		assertThat(response.content().get(1)).isInstanceOf(ContentBlock.Unknown.class);
		assertThat(response.content().get(2)).isInstanceOf(ContentBlock.ToolUse.class);
		assertThat(response.content().get(3)).isInstanceOf(ContentBlock.Thinking.class);
		taken();

		ClaudeRequest followUp = ClaudeRequest.builder()
			.model("claude-opus-4-5")
			.maxTokens(100)
			.user("Search")
			.message(new Message("assistant", response.content()))
			.extra("service_tier", json.getNodeFactory().textNode("auto"))
			.build();
		client.send(followUp).block();

		JsonNode sent = json.readTree(taken().getBody().readUtf8());
		assertThat(sent.at("/messages/1/content")).isEqualTo(json.readTree(answer).get("content"));
		assertThat(sent.get("service_tier").asText()).isEqualTo("auto");
	}

	@Test
	void streamShouldEmitTypedEventsSkippingPingAndUnknownOnes() {
		String withUnknown = ApiPayloads.STREAM.replace("event: content_block_stop",
				"event: future_event\ndata: {\"type\":\"future_event\",\"x\":1}\n\nevent: content_block_stop");
		this.server.enqueue(ApiPayloads.sse(withUnknown));

		List<ClaudeStreamEvent> events = client().stream(ClaudeRequest.of("claude-sonnet-4-5", 100, "Hi"))
			.collectList()
			.block();

		assertThat(events).extracting((event) -> event.getClass().getSimpleName())
			.containsExactly("MessageStart", "ContentBlockStart", "ContentBlockDelta", "ContentBlockDelta",
					"ContentBlockStop", "MessageDelta", "MessageStop");
		assertThat(events.get(2)).isEqualTo(new ContentBlockDelta(0, new TextDelta("Hello")));
		ClaudeStreamEvent.MessageStart start = (ClaudeStreamEvent.MessageStart) events.get(0);
		assertThat(start.message().rateLimits().requestId()).isEqualTo("req_stream");
	}

	@Test
	void streamShouldSendStreamTrueAndFoldIntoAResponse() throws Exception {
		this.server.enqueue(ApiPayloads.sse(ApiPayloads.STREAM));

		ClaudeResponse response = ClaudeStreamAccumulator
			.collect(client().stream(ClaudeRequest.of("claude-sonnet-4-5", 100, "Hi")))
			.block();

		assertThat(response.text()).isEqualTo("Hello!");
		assertThat(response.stopReason()).isEqualTo("end_turn");
		assertThat(response.usage()).isEqualTo(new Usage(25, 15, 0, 0));
		assertThat(response.id()).isEqualTo("msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY");
		RecordedRequest recorded = taken();
		assertThat(json.readTree(recorded.getBody().readUtf8()).get("stream").asBoolean()).isTrue();
		assertThat(recorded.getHeader("accept")).contains("text/event-stream");
	}

	@Test
	void streamWhenErrorEventArrivesShouldEndWithTypedExceptionCarryingPartialText() {
		String broken = ApiPayloads.STREAM.substring(0, ApiPayloads.STREAM.indexOf("event: content_block_stop"))
				+ "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n";
		this.server.enqueue(ApiPayloads.sse(broken));
		List<ClaudeStreamEvent> seen = new java.util.ArrayList<>();

		ClaudeStreamException ex = catchThrowableOfType(ClaudeStreamException.class, () -> client()
			.stream(ClaudeRequest.of("claude-sonnet-4-5", 100, "Hi"))
			.doOnNext(seen::add)
			.blockLast());

		assertThat(ex.errorType()).isEqualTo("overloaded_error");
		assertThat(ex.partialText()).isEqualTo("Hello!");
		assertThat(ex.contentReceived()).isTrue();
		assertThat(ex.isRetryable()).isTrue();
		assertThat(ex.requestId()).isEqualTo("req_stream");
		assertThat(ex.userMessage()).isEqualTo(ClaudeException.UNAVAILABLE_MESSAGE);
		assertThat(seen).hasSize(4);
	}

	@Test
	void streamWhenConnectionEndsBeforeMessageStopShouldRaiseInterrupted() {
		String cut = ApiPayloads.STREAM.substring(0, ApiPayloads.STREAM.indexOf("event: content_block_stop"));
		this.server.enqueue(ApiPayloads.sse(cut));

		ClaudeStreamException ex = catchThrowableOfType(ClaudeStreamException.class,
				() -> client().stream(ClaudeRequest.of("claude-sonnet-4-5", 100, "Hi")).blockLast());

		assertThat(ex.errorType()).isEqualTo(ClaudeStreamException.INTERRUPTED);
		assertThat(ex.partialText()).isEqualTo("Hello!");
		assertThat(ex.isRetryable()).isTrue();
	}

	@Test
	void streamWhenApiAnswersErrorStatusShouldMapLikeSend() {
		this.server.enqueue(ApiPayloads.json(529, ApiPayloads.error("overloaded_error", "Overloaded")));

		assertThatExceptionOfType(ClaudeApiException.Overloaded.class)
			.isThrownBy(() -> client().stream(ClaudeRequest.of("claude-sonnet-4-5", 100, "Hi")).blockLast());
	}

	@Test
	void countTokensShouldPostWithoutMaxTokensAndReturnTheCount() throws Exception {
		this.server.enqueue(ApiPayloads.json(200, "{\"input_tokens\":2095}"));

		Integer count = client().countTokens(ClaudeRequest.builder().system("S").user("Hi").build()).block();

		assertThat(count).isEqualTo(2095);
		RecordedRequest recorded = taken();
		assertThat(recorded.getPath()).isEqualTo("/v1/messages/count_tokens");
		JsonNode body = json.readTree(recorded.getBody().readUtf8());
		assertThat(body.has("max_tokens")).isFalse();
		assertThat(body.get("model").asText()).isEqualTo("claude-sonnet-4-5");
	}

	@Test
	void countTokensWhenApiFailsShouldMapTheError() {
		this.server.enqueue(ApiPayloads.json(404, ApiPayloads.error("not_found_error", "model: nope")));

		assertThatExceptionOfType(ClaudeApiException.NotFound.class)
			.isThrownBy(() -> client().countTokens(ClaudeRequest.of("nope", 1, "Hi")).block());
	}

	@Test
	void upstreamTextWithLineBreaksShouldNeverReachALogLineUnescaped() {
		// the API echoes the model id it did not know; a caller could have put a line break in it
		this.server.enqueue(ApiPayloads.json(404,
				ApiPayloads.error("not_found_error", "model: x\\r\\n2026-12-01 INFO forged entry")));

		ClaudeApiException ex = catchThrowableOfType(ClaudeApiException.class,
				() -> client().send(ClaudeRequest.of("claude-sonnet-4-5", 10, "Hi")).block());

		assertThat(ex.upstreamMessage()).isEqualTo("model: x\\r\\n2026-12-01 INFO forged entry");
		assertThat(ex.getMessage()).doesNotContain("\r").doesNotContain("\n").contains("\\r\\n2026-12-01 INFO");
		assertThat(ex.toString()).doesNotContain("\n");
	}

}
