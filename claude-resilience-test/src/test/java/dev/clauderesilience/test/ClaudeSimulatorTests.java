package dev.clauderesilience.test;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.clauderesilience.test.SimulatorRequests.V2023;
import static dev.clauderesilience.test.SimulatorRequests.V2026;
import static dev.clauderesilience.test.SimulatorRequests.body;
import static dev.clauderesilience.test.SimulatorRequests.json;
import static dev.clauderesilience.test.SimulatorRequests.messages;
import static dev.clauderesilience.test.SimulatorRequests.post;
import static dev.clauderesilience.test.SimulatorRequests.status;
import static org.assertj.core.api.Assertions.assertThat;

class ClaudeSimulatorTests {

	private static final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T10:00:00Z"));

	@RegisterExtension
	static ClaudeSimulatorExtension sim = ClaudeSimulatorExtension.create(ClaudeSimulator.builder().clock(clock));

	private static final List<String> RATE_LIMIT_HEADERS = rateLimitHeaders();

	@Test
	void messagesWhenValidShouldAnswerMessageWithUsage() {
		HttpResponse<String> response = messages(sim.simulator(), body("claude-sonnet-4-5", 1000, false, "Hello there"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
		JsonNode message = json(response);
		assertThat(message.get("id").asText()).startsWith("msg_sim_");
		assertThat(message.get("type").asText()).isEqualTo("message");
		assertThat(message.get("role").asText()).isEqualTo("assistant");
		assertThat(message.get("model").asText()).isEqualTo("claude-sonnet-4-5");
		assertThat(message.get("stop_reason").asText()).isEqualTo("end_turn");
		assertThat(message.get("stop_sequence").isNull()).isTrue();
		assertThat(message.at("/content/0/type").asText()).isEqualTo("text");
		String text = message.at("/content/0/text").asText();
		long outputTokens = message.at("/usage/output_tokens").asLong();
		assertThat(text.split(" ")).hasSize((int) outputTokens);
		assertThat(outputTokens).isBetween(20L, 60L);
		// "Hello there" is 11 characters: ceil(11 / 4) = 3
		assertThat(message.at("/usage/input_tokens").asLong()).isEqualTo(3);
		assertThat(message.at("/usage/cache_creation_input_tokens").asLong()).isZero();
		assertThat(message.at("/usage/cache_read_input_tokens").asLong()).isZero();
	}

	@Test
	void messagesWhenSamePromptShouldAnswerSameText() {
		String first = json(messages(sim.simulator(), body("claude-haiku-4-5", 1000, false, "Same"))).at("/content/0/text")
			.asText();
		String second = json(messages(sim.simulator(), body("claude-haiku-4-5", 1000, false, "Same")))
			.at("/content/0/text")
			.asText();
		String other = json(messages(sim.simulator(), body("claude-haiku-4-5", 1000, false, "Other")))
			.at("/content/0/text")
			.asText();
		assertThat(first).isEqualTo(second).isNotEqualTo(other);
	}

	@Test
	void messagesWhenOutputReachesMaxTokensShouldStopWithMaxTokens() {
		JsonNode message = json(messages(sim.simulator(), body("claude-haiku-4-5", 5, false, "Long")));
		assertThat(message.get("stop_reason").asText()).isEqualTo("max_tokens");
		assertThat(message.at("/usage/output_tokens").asLong()).isEqualTo(5);
		assertThat(message.at("/content/0/text").asText().split(" ")).hasSize(5);
	}

	@Test
	void responsesShouldCarryRequestIdAndAllRateLimitHeaders() {
		HttpResponse<String> success = messages(sim.simulator(), body("claude-sonnet-4-5", 100, false, "Hi"));
		HttpResponse<String> error = post(sim.simulator(), "/v1/nothing", "{}");
		for (HttpResponse<String> response : List.of(success, error)) {
			assertThat(response.headers().firstValue("request-id")).hasValueSatisfying(
					(id) -> assertThat(id).startsWith("req_sim_"));
			for (String header : RATE_LIMIT_HEADERS) {
				assertThat(response.headers().firstValue(header)).as(header).isPresent();
			}
		}
		assertThat(success.headers().firstValue("request-id")).isNotEqualTo(error.headers().firstValue("request-id"));
		assertThat(success.headers().firstValue("anthropic-ratelimit-requests-reset"))
			.hasValue("2026-11-02T10:00:00Z");
	}

	@Test
	void errorWhenUnknownPathShouldAnswerNotFoundErrorBody() {
		HttpResponse<String> response = post(sim.simulator(), "/v1/complete", "{}", "x-api-key", sim.apiKey());
		assertThat(response.statusCode()).isEqualTo(404);
		JsonNode error = json(response);
		assertThat(error.get("type").asText()).isEqualTo("error");
		assertThat(error.at("/error/type").asText()).isEqualTo("not_found_error");
		assertThat(error.at("/error/message").asText()).isNotEmpty();
		assertThat(error.get("request_id").asText()).isEqualTo(response.headers().firstValue("request-id").get());
		assertThat(error.size()).isEqualTo(3);
	}

	@Test
	void authWhenKeyMissingOrWrongShouldAnswer401() {
		String body = body("claude-sonnet-4-5", 100, false, "Hi");
		HttpResponse<String> missing = post(sim.simulator(), "/v1/messages", body, "anthropic-version", V2023);
		HttpResponse<String> wrong = post(sim.simulator(), "/v1/messages", body, "x-api-key", "nope",
				"anthropic-version", V2023);
		HttpResponse<String> wrongXApiKeyWinsOverBearer = post(sim.simulator(), "/v1/messages", body, "x-api-key",
				"nope", "authorization", "Bearer " + sim.apiKey(), "anthropic-version", V2023);
		for (HttpResponse<String> response : List.of(missing, wrong, wrongXApiKeyWinsOverBearer)) {
			assertThat(response.statusCode()).isEqualTo(401);
			assertThat(json(response).at("/error/type").asText()).isEqualTo("authentication_error");
		}
		assertThat(sim.simulator().journal()).extracting(JournalEntry::authScheme)
			.containsExactly("none", "x-api-key", "x-api-key");
	}

	@Test
	void authWhenBearerOrXApiKeyShouldAnswer200AndJournalScheme() {
		String body = body("claude-sonnet-4-5", 100, false, "Hi");
		assertThat(post(sim.simulator(), "/v1/messages", body, "authorization", "Bearer " + sim.apiKey(),
				"anthropic-version", V2026)
			.statusCode()).isEqualTo(200);
		assertThat(post(sim.simulator(), "/v1/messages", body, "x-api-key", sim.apiKey(), "anthropic-version", V2026)
			.statusCode()).isEqualTo(200);
		assertThat(sim.simulator().journal()).extracting(JournalEntry::authScheme).containsExactly("bearer", "x-api-key");
		assertThat(sim.simulator().journal().toString()).doesNotContain(sim.apiKey());
	}

	@Test
	void versionWhenMissingOrUnknownShouldAnswer400() {
		String body = body("claude-sonnet-4-5", 100, false, "Hi");
		HttpResponse<String> missing = post(sim.simulator(), "/v1/messages", body, "x-api-key", sim.apiKey());
		HttpResponse<String> unknown = post(sim.simulator(), "/v1/messages", body, "x-api-key", sim.apiKey(),
				"anthropic-version", "2024-01-01");
		assertThat(missing.statusCode()).isEqualTo(400);
		assertThat(unknown.statusCode()).isEqualTo(400);
		assertThat(json(unknown).at("/error/type").asText()).isEqualTo("invalid_request_error");
	}

	@Test
	void version20261021WhenSamplingParameterSentShouldRejectIt() {
		for (String parameter : List.of("temperature", "top_p", "top_k")) {
			String body = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,\"" + parameter
					+ "\":1,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
			HttpResponse<String> rejected = withVersion(body, V2026);
			assertThat(rejected.statusCode()).isEqualTo(400);
			assertThat(json(rejected).at("/error/type").asText()).isEqualTo("invalid_request_error");
			assertThat(json(rejected).at("/error/message").asText())
				.isEqualTo(parameter + ": Extra inputs are not permitted");
			assertThat(withVersion(body, V2023).statusCode()).isEqualTo(200);
		}
	}

	@Test
	void version20261021WhenDocumentInAssistantMessageShouldReject() {
		String body = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,\"messages\":["
				+ "{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":[{\"type\":\"document\","
				+ "\"source\":{\"type\":\"text\",\"media_type\":\"text/plain\",\"data\":\"x\"}}]},"
				+ "{\"role\":\"user\",\"content\":\"Go on\"}]}";
		assertThat(withVersion(body, V2026).statusCode()).isEqualTo(400);
		assertThat(withVersion(body, V2023).statusCode()).isEqualTo(200);
	}

	@Test
	void version20261021WhenCitationsOnUserTextShouldReject() {
		String body = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":"
				+ "[{\"type\":\"text\",\"text\":\"Hi\",\"citations\":[{\"type\":\"char_location\"}]}]}]}";
		String emptyCitations = body.replace("[{\"type\":\"char_location\"}]", "[]");
		assertThat(withVersion(body, V2026).statusCode()).isEqualTo(400);
		assertThat(withVersion(emptyCitations, V2026).statusCode()).isEqualTo(200);
		assertThat(withVersion(body, V2023).statusCode()).isEqualTo(200);
	}

	@Test
	void validationWhenRequiredFieldsMissingShouldAnswer400() {
		List<String> bodies = List.of("{\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
				"{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
				"{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":0,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
				"{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,\"messages\":[]}", "not json");
		for (String body : bodies) {
			HttpResponse<String> response = withVersion(body, V2023);
			assertThat(response.statusCode()).as(body).isEqualTo(400);
			assertThat(json(response).at("/error/type").asText()).isEqualTo("invalid_request_error");
		}
	}

	@Test
	void messagesWhenModelIsNotClaudeShouldAnswer404() {
		HttpResponse<String> response = messages(sim.simulator(), body("gpt-4", 10, false, "Hi"));
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(json(response).at("/error/type").asText()).isEqualTo("not_found_error");
	}

	@Test
	void messagesWhenModelUnknownShouldAnswer404EchoingTheId() {
		for (String model : List.of("claude-nope-9", "claude-sonnet-4-5-latest", "claude-sonnet")) {
			HttpResponse<String> response = messages(sim.simulator(), body(model, 10, false, "Hi"));
			assertThat(response.statusCode()).as(model).isEqualTo(404);
			assertThat(json(response).at("/error/type").asText()).isEqualTo("not_found_error");
			assertThat(json(response).at("/error/message").asText()).isEqualTo("model: " + model);
		}
		HttpResponse<String> count = post(sim.simulator(), "/v1/messages/count_tokens",
				"{\"model\":\"claude-nope-9\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
				"x-api-key", sim.apiKey(), "anthropic-version", V2026);
		assertThat(count.statusCode()).isEqualTo(404);
		assertThat(sim.simulator().journal()).extracting(JournalEntry::status).containsOnly(404);
	}

	@Test
	void messagesWhenDefaultModelOrDatedAliasShouldAnswer() {
		List<String> models = new ArrayList<>(ClaudeSimulator.DEFAULT_MODELS.subList(0,
				ClaudeSimulator.DEFAULT_MODELS.size() - 1));
		models.addAll(List.of("claude-haiku-4-5-20251001", "claude-sonnet-4-5-20250929", "claude-opus-5-0",
				"claude-sonnet-4-7"));
		for (String model : models) {
			assertThat(status(sim.simulator(), model)).as(model).isEqualTo(200);
		}
	}

	@Test
	void modelsWhenReplacedShouldAnswerOnlyThoseIdsAndPatterns() {
		try (ClaudeSimulator simulator = ClaudeSimulator.builder()
			.models("claude-sonnet-4-5", "my-model-v[0-9]+", "odd(id")
			.build()
			.start()) {
			assertThat(List.of("claude-sonnet-4-5", "my-model-v12", "odd(id", "claude-haiku-4-5", "my-model-v"))
				.extracting((model) -> status(simulator, model))
				.containsExactly(200, 200, 200, 404, 404);
		}
	}

	@Test
	void acceptAnyModelShouldAnswerAnyId() {
		try (ClaudeSimulator simulator = ClaudeSimulator.builder().acceptAnyModel().build().start()) {
			for (String model : List.of("gpt-4", "claude-3-7-x", "anything")) {
				HttpResponse<String> response = messages(simulator, body(model, 10, false, "Hi"));
				assertThat(response.statusCode()).isEqualTo(200);
				assertThat(json(response).get("model").asText()).isEqualTo(model);
			}
		}
	}

	@Test
	void portWhenSetShouldListenOnIt() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		try (ClaudeSimulator simulator = ClaudeSimulator.builder().port(port).build().start()) {
			assertThat(simulator.port()).isEqualTo(port);
			assertThat(simulator.baseUrl()).isEqualTo("http://127.0.0.1:" + port);
			assertThat(status(simulator, "claude-haiku-4-5")).isEqualTo(200);
		}
	}

	@Test
	void outputTokensBetweenShouldPickLengthsFromThePromptWithinTheRange() {
		try (ClaudeSimulator simulator = ClaudeSimulator.builder().outputTokensBetween(5, 9).build().start()) {
			Set<Long> lengths = new HashSet<>();
			for (int i = 0; i < 30; i++) {
				String body = body("claude-haiku-4-5", 1000, false, "Prompt " + i);
				JsonNode first = json(messages(simulator, body));
				JsonNode again = json(messages(simulator, body));
				long tokens = first.at("/usage/output_tokens").asLong();
				assertThat(tokens).isBetween(5L, 9L);
				assertThat(first.get("stop_reason").asText()).isEqualTo("end_turn");
				assertThat(again.at("/usage/output_tokens").asLong()).isEqualTo(tokens);
				lengths.add(tokens);
			}
			assertThat(lengths).hasSizeGreaterThan(1);
			JsonNode capped = json(messages(simulator, body("claude-haiku-4-5", 4, false, "Prompt 1")));
			assertThat(capped.at("/usage/output_tokens").asLong()).isEqualTo(4);
			assertThat(capped.get("stop_reason").asText()).isEqualTo("max_tokens");
		}
	}

	@Test
	void countTokensShouldAnswerEstimateWithoutConsumingLimits() {
		String body = "{\"model\":\"claude-sonnet-4-5\",\"system\":\"Be brief\",\"messages\":[{\"role\":\"user\","
				+ "\"content\":[{\"type\":\"text\",\"text\":\"Hello world\"}]}]}";
		HttpResponse<String> response = post(sim.simulator(), "/v1/messages/count_tokens", body, "x-api-key",
				sim.apiKey(), "anthropic-version", V2026);
		assertThat(response.statusCode()).isEqualTo(200);
		// "Be brief" (8) + "Hello world" (11) = 19 characters: ceil(19 / 4) = 5
		assertThat(json(response).get("input_tokens").asLong()).isEqualTo(5);
		assertThat(json(response).size()).isEqualTo(1);
	}

	@Test
	void streamShouldSendEventsInApiOrder() {
		HttpResponse<String> response = messages(sim.simulator(), body("claude-sonnet-4-5", 1000, true, "Stream it"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/event-stream"));
		List<String> events = new ArrayList<>();
		StringBuilder text = new StringBuilder();
		JsonNode messageDelta = null;
		Matcher frames = Pattern.compile("event: (\\S+)\ndata: (.*)\n\n").matcher(response.body());
		int end = 0;
		while (frames.find()) {
			assertThat(frames.start()).isEqualTo(end);
			end = frames.end();
			JsonNode data = SimulatorRequests.MAPPER.valueToTree(parse(frames.group(2)));
			assertThat(data.get("type").asText()).isEqualTo(frames.group(1));
			events.add(frames.group(1));
			if (frames.group(1).equals("content_block_delta")) {
				text.append(data.at("/delta/text").asText());
			}
			if (frames.group(1).equals("message_delta")) {
				messageDelta = data;
			}
			if (frames.group(1).equals("message_start")) {
				assertThat(data.at("/message/content").isEmpty()).isTrue();
				assertThat(data.at("/message/usage/output_tokens").asLong()).isEqualTo(1);
				assertThat(data.at("/message/usage/input_tokens").asLong()).isEqualTo(3);
			}
		}
		assertThat(end).isEqualTo(response.body().length());
		assertThat(events.subList(0, 3)).containsExactly("message_start", "content_block_start", "ping");
		assertThat(events.subList(events.size() - 3, events.size())).containsExactly("content_block_stop",
				"message_delta", "message_stop");
		assertThat(events.subList(3, events.size() - 3)).hasSizeGreaterThan(1).containsOnly("content_block_delta");
		String nonStreamed = json(messages(sim.simulator(), body("claude-sonnet-4-5", 1000, false, "Stream it")))
			.at("/content/0/text")
			.asText();
		assertThat(text.toString()).isEqualTo(nonStreamed);
		assertThat(messageDelta.at("/delta/stop_reason").asText()).isEqualTo("end_turn");
		assertThat(messageDelta.at("/delta/stop_sequence").isNull()).isTrue();
		assertThat(messageDelta.at("/usage/output_tokens").asLong()).isEqualTo(nonStreamed.split(" ").length);
	}

	@Test
	void toolUseWhenPromptNamesAnOfferedToolShouldAnswerToolUseBlock() {
		HttpResponse<String> response = withVersion(toolRequest(false, "What is the weather? Ask get_weather city=Paris"),
				V2026);
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode message = json(response);
		assertThat(message.get("stop_reason").asText()).isEqualTo("tool_use");
		assertThat(message.get("content")).hasSize(2);
		assertThat(message.at("/content/0/type").asText()).isEqualTo("text");
		JsonNode toolUse = message.at("/content/1");
		assertThat(toolUse.get("type").asText()).isEqualTo("tool_use");
		assertThat(toolUse.get("id").asText()).startsWith("toolu_sim_");
		assertThat(toolUse.get("name").asText()).isEqualTo("get_weather");
		assertThat(toolUse.get("input").toString()).isEqualTo("{\"city\":\"Paris\"}");
		// "I will use the get_weather tool." (6), the name (1), { city : Paris } (5)
		assertThat(message.at("/usage/output_tokens").asLong()).isEqualTo(12);
		assertThat(sim.simulator().journal().get(0).outputTokens()).isEqualTo(12);
	}

	@Test
	void toolUseWhenStreamingShouldSendInputJsonDeltasInApiOrder() throws Exception {
		HttpResponse<String> response = withVersion(toolRequest(true, "get_weather city=Paris"), V2026);
		List<JsonNode> events = new ArrayList<>();
		Matcher frames = Pattern.compile("event: (\\S+)\ndata: (.*)\n\n").matcher(response.body());
		while (frames.find()) {
			events.add(SimulatorRequests.MAPPER.readTree(frames.group(2)));
		}
		assertThat(events).extracting((event) -> event.get("type").asText())
			.containsExactly("message_start", "content_block_start", "ping", "content_block_delta",
					"content_block_delta", "content_block_stop", "content_block_start", "content_block_delta",
					"content_block_delta", "content_block_stop", "message_delta", "message_stop");
		JsonNode toolStart = events.get(6);
		assertThat(toolStart.get("index").asInt()).isEqualTo(1);
		assertThat(toolStart.at("/content_block/type").asText()).isEqualTo("tool_use");
		assertThat(toolStart.at("/content_block/id").asText()).startsWith("toolu_sim_");
		assertThat(toolStart.at("/content_block/name").asText()).isEqualTo("get_weather");
		assertThat(toolStart.at("/content_block/input").isObject()).isTrue();
		assertThat(toolStart.at("/content_block/input").isEmpty()).isTrue();
		StringBuilder partialJson = new StringBuilder();
		for (JsonNode delta : events.subList(7, 9)) {
			assertThat(delta.get("index").asInt()).isEqualTo(1);
			assertThat(delta.at("/delta/type").asText()).isEqualTo("input_json_delta");
			partialJson.append(delta.at("/delta/partial_json").asText());
		}
		assertThat(partialJson).hasToString("{\"city\":\"Paris\"}");
		assertThat(events.get(9).get("index").asInt()).isEqualTo(1);
		assertThat(events.get(10).at("/delta/stop_reason").asText()).isEqualTo("tool_use");
		assertThat(events.get(10).at("/usage/output_tokens").asLong()).isEqualTo(12);
	}

	@Test
	void toolResultShouldAnswerWithTheResultContent() {
		String body = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":100,\"tools\":[" + WEATHER_TOOL + "],"
				+ "\"messages\":[{\"role\":\"user\",\"content\":\"get_weather city=Paris\"},"
				+ "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_9\","
				+ "\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\"}}]},"
				+ "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_9\","
				+ "\"content\":\"15 degrees and sunny\"}]}]}";
		for (String version : List.of(V2023, V2026)) {
			HttpResponse<String> response = withVersion(body, version);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(json(response).at("/content/0/text").asText())
				.isEqualTo("The get_weather tool returned: 15 degrees and sunny");
			assertThat(json(response).get("stop_reason").asText()).isEqualTo("end_turn");
		}
	}

	@Test
	void validationWhenToolsOrToolBlocksAreMalformedShouldAnswer400() {
		String user = "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
		String start = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,";
		Map<String, String> bodies = new LinkedHashMap<>();
		bodies.put(start + "\"tools\":{}," + user, "tools: Input should be a valid list");
		bodies.put(start + "\"tools\":[{\"description\":\"x\"}]," + user, "tools.0.name: Field required");
		bodies.put(start + "\"tools\":[{\"name\":\"x\"}]," + user, "tools.0.input_schema: Field required");
		bodies.put(start + "\"tools\":[" + WEATHER_TOOL + "],\"tool_choice\":{\"type\":\"sometimes\"}," + user,
				"tool_choice.type: Input should be 'auto', 'any', 'tool' or 'none'");
		bodies.put(start + "\"tools\":[" + WEATHER_TOOL + "],\"tool_choice\":{\"type\":\"tool\"}," + user,
				"tool_choice.name: Field required");
		bodies.put(start + "\"tools\":[" + WEATHER_TOOL + "],\"tool_choice\":{\"type\":\"tool\",\"name\":\"nope\"},"
				+ user, "tool_choice.name: Tool 'nope' not found in tools");
		bodies.put(start + "\"tool_choice\":{\"type\":\"any\"}," + user,
				"tool_choice: tool_choice may only be specified while providing tools");
		bodies.put(start + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\","
				+ "\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"x\"}]}]}",
				"messages.1.content.0.input: Input should be a valid dictionary");
		bodies.put(start + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\","
				+ "\"tool_use_id\":\"toolu_1\",\"content\":\"x\"}]}]}",
				"messages.0.content.0: unexpected `tool_use_id` found in `tool_result` blocks: toolu_1. Each "
						+ "`tool_result` block must have a corresponding `tool_use` block in the previous message.");
		bodies.forEach((body, message) -> {
			HttpResponse<String> response = withVersion(body, V2023);
			assertThat(response.statusCode()).as(body).isEqualTo(400);
			assertThat(json(response).at("/error/message").asText()).isEqualTo(message);
		});
	}

	@Test
	void journalShouldRecordRequestDetails() {
		String body = body("claude-opus-4-5", 100, true, "Journal me");
		HttpResponse<String> response = post(sim.simulator(), "/v1/messages?beta=true", body, "x-api-key",
				sim.apiKey(), "anthropic-version", V2023, "user-agent", "tests/1.0", "anthropic-beta", "some-beta");
		assertThat(sim.simulator().count()).isEqualTo(1);
		JournalEntry entry = sim.simulator().journal().get(0);
		assertThat(entry.time()).isEqualTo(clock.instant());
		assertThat(entry.method()).isEqualTo("POST");
		assertThat(entry.path()).isEqualTo("/v1/messages");
		assertThat(entry.model()).isEqualTo("claude-opus-4-5");
		assertThat(entry.stream()).isTrue();
		assertThat(entry.apiVersion()).isEqualTo(V2023);
		assertThat(entry.authScheme()).isEqualTo("x-api-key");
		assertThat(entry.userAgent()).isEqualTo("tests/1.0");
		assertThat(entry.anthropicBeta()).isEqualTo("some-beta");
		assertThat(entry.inputTokens()).isEqualTo(3);
		assertThat(entry.outputTokens()).isBetween(20L, 60L);
		assertThat(entry.status()).isEqualTo(200);
		assertThat(entry.requestId()).isEqualTo(response.headers().firstValue("request-id").get());
		assertThat(entry.body().at("/messages/0/content").asText()).isEqualTo("Journal me");
		assertThat(entry.fault()).isNull();
		assertThat(sim.simulator().requestsFor("claude-opus-4-5")).containsExactly(entry);
		assertThat(sim.simulator().requestsFor("claude-haiku-4-5")).isEmpty();
	}

	@Test
	void resetShouldClearJournalFaultsAndOutages() {
		sim.simulator().enqueueFault(SimulatedFault.status(500));
		sim.simulator().outage("claude-sonnet-4-5");
		messages(sim.simulator(), body("claude-haiku-4-5", 10, false, "Hi"));
		sim.simulator().reset();
		assertThat(sim.simulator().journal()).isEmpty();
		assertThat(status(sim.simulator(), "claude-sonnet-4-5")).isEqualTo(200);
	}

	@Test
	void journalShouldKeepTheMostRecentRequestsUpToItsCapacityAndCountThemAll() {
		try (ClaudeSimulator simulator = ClaudeSimulator.builder().journalCapacity(3).build().start()) {
			for (int i = 1; i <= 5; i++) {
				messages(simulator, body("claude-haiku-4-5", 10, false, "Request " + i));
			}

			assertThat(simulator.count()).isEqualTo(5);
			assertThat(simulator.journal()).extracting((entry) -> entry.body().at("/messages/0/content").asText())
				.containsExactly("Request 3", "Request 4", "Request 5");

			// after a reset the journal fills to its capacity again, no further
			simulator.reset();
			for (int i = 6; i <= 7; i++) {
				messages(simulator, body("claude-haiku-4-5", 10, false, "Request " + i));
			}
			assertThat(simulator.journal()).hasSize(2);
			for (int i = 8; i <= 9; i++) {
				messages(simulator, body("claude-haiku-4-5", 10, false, "Request " + i));
			}
			assertThat(simulator.count()).isEqualTo(4);
			assertThat(simulator.journal()).extracting((entry) -> entry.body().at("/messages/0/content").asText())
				.containsExactly("Request 7", "Request 8", "Request 9");
		}
	}

	@Test
	void modelGroupShouldUseFamilyOrModelId() {
		assertThat(ClaudeSimulator.modelGroup("claude-opus-4-6")).isEqualTo("opus");
		assertThat(ClaudeSimulator.modelGroup("claude-sonnet-4-5-20250929")).isEqualTo("sonnet");
		assertThat(ClaudeSimulator.modelGroup("claude-haiku-4-5")).isEqualTo("haiku");
		assertThat(ClaudeSimulator.modelGroup("claude-3-7-x")).isEqualTo("claude-3-7-x");
	}

	@Test
	void concurrentRequestsShouldShareTheBucketExactly() throws Exception {
		try (ClaudeSimulator simulator = ClaudeSimulator.builder()
			.clock(clock)
			.limits("haiku", SimulatedLimits.of(60, 0, 0))
			.build()
			.start()) {
			List<CompletableFuture<Integer>> calls = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				calls.add(java.util.concurrent.CompletableFuture
					.supplyAsync(() -> messages(simulator, body("claude-haiku-4-5", 10, false, "Hi")).statusCode()));
			}
			List<Integer> statuses = new ArrayList<>();
			for (CompletableFuture<Integer> call : calls) {
				statuses.add(call.get());
			}
			assertThat(statuses).filteredOn((status) -> status == 200).hasSize(3);
			assertThat(statuses).filteredOn((status) -> status == 429).hasSize(17);
			assertThat(simulator.count()).isEqualTo(20);
		}
	}

	@Test
	void generationDelayShouldSpaceStreamChunks() {
		try (ClaudeSimulator simulator = ClaudeSimulator.builder()
			.generationDelayPerToken(Duration.ofMillis(10))
			.outputTokens(12)
			.build()
			.start()) {
			long start = System.nanoTime();
			HttpResponse<String> response = messages(simulator, body("claude-haiku-4-5", 100, true, "Slow"));
			long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
			assertThat(response.body()).endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
			assertThat(elapsedMillis).isGreaterThanOrEqualTo(120);
		}
	}

	private static final String WEATHER_TOOL = "{\"name\":\"get_weather\",\"description\":\"Weather of a city\","
			+ "\"input_schema\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
			+ "\"required\":[\"city\"]}}";

	private static String toolRequest(boolean stream, String prompt) {
		return "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":100,\"stream\":" + stream + ",\"tools\":["
				+ WEATHER_TOOL + "],\"tool_choice\":{\"type\":\"auto\"},\"messages\":[{\"role\":\"user\","
				+ "\"content\":[{\"type\":\"text\",\"text\":\"" + prompt + "\"}]}]}";
	}

	private static HttpResponse<String> withVersion(String body, String version) {
		return post(sim.simulator(), "/v1/messages", body, "x-api-key", sim.apiKey(), "anthropic-version", version);
	}

	private static Object parse(String json) {
		try {
			return SimulatorRequests.MAPPER.readTree(json);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static List<String> rateLimitHeaders() {
		List<String> headers = new ArrayList<>();
		for (String kind : List.of("requests", "tokens", "input-tokens", "output-tokens")) {
			for (String field : List.of("limit", "remaining", "reset")) {
				headers.add("anthropic-ratelimit-" + kind + "-" + field);
			}
		}
		return headers;
	}

}
