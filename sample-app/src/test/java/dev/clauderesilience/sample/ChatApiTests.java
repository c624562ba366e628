package dev.clauderesilience.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.clauderesilience.autoconfigure.simulator.AutoConfigureClaudeSimulator;
import dev.clauderesilience.client.ClaudeException;
import dev.clauderesilience.ratelimit.TenantBudgetExceededException;
import dev.clauderesilience.test.ClaudeSimulator;
import dev.clauderesilience.test.JournalEntry;
import dev.clauderesilience.test.SimulatedFault;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP contract of the sample, end to end on the simulator ({@code @AutoConfigureClaudeSimulator}),
 * which each test can inject faults into and which is reset, with the starter's state, after each
 * test. Retries wait milliseconds rather than seconds; the breaker never opens, no client limit
 * paces, no fallback model answers: each failure reaches the controller as the API gave it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "claude.deadline=10s", "claude.auth-failure-backoff=1ms",
				"claude.limits.requests-per-minute=", "claude.limits.input-tokens-per-minute=",
				"claude.limits.output-tokens-per-minute=", "claude.limits.tokens-per-day=", "claude.fallback-models=",
				"resilience4j.retry.instances.claude.max-attempts=3",
				"resilience4j.retry.instances.claude.wait-duration=1ms",
				"resilience4j.retry.instances.claude.exponential-max-wait-duration=10ms",
				"resilience4j.circuitbreaker.instances.claude.sliding-window-size=1000",
				"resilience4j.circuitbreaker.instances.claude.minimum-number-of-calls=1000",
				"claude.limits.tenants.tiny.tokens-per-day=1", "sample.review-queue.enabled=true",
				"claude.models.allowed=claude-sonnet-*,claude-haiku-*,claude-opus-*",
				"claude.limits.models.claude-opus-4-5.input-tokens-per-minute=10" })
@AutoConfigureClaudeSimulator
class ChatApiTests {

	// more faults than any retry policy will use up, so the failure reaches the controller
	private static final int PERSISTENT = 20;

	// bound here rather than injected: Spring Boot 4 injects one only on request
	@Value("${local.server.port}")
	private int port;

	private WebTestClient webTestClient;

	@Autowired
	private ClaudeSimulator simulator;

	@BeforeEach
	void bindToTheServer() {
		// calls that wait out retry-after pauses on the server take seconds: WebTestClient's default of
		// 5 s would leave a slow machine little room
		this.webTestClient = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	@Test
	void chatWhenPromptGivenShouldAnswerWithTextModelAndTokensOfTheApi() {
		Map<String, Object> body = chat(Map.of("prompt", "Say hello", "model", "claude-haiku-4-5", "maxTokens", 100))
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
		JournalEntry entry = onlyMessagesCall();
		assertThat(entry.status()).isEqualTo(200);
		assertThat(entry.model()).isEqualTo("claude-haiku-4-5");
		assertThat(body).containsEntry("model", "claude-haiku-4-5")
			.containsEntry("fallback", false)
			.containsEntry("cached", false)
			.containsEntry("inputTokens", (int) entry.inputTokens())
			.containsEntry("outputTokens", (int) entry.outputTokens());
		assertThat((String) body.get("text")).isNotBlank();
		assertThat(((String) body.get("text")).split(" ")).hasSize((int) entry.outputTokens());
	}

	@Test
	void chatWhenNoModelGivenShouldUseTheConfiguredModel() {
		chat(Map.of("prompt", "Say hello")).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.model")
			.isEqualTo("claude-sonnet-4-5");
		assertThat(onlyMessagesCall().body().path("system").isMissingNode()).isTrue();
	}

	@Test
	void chatWhenSystemGivenShouldSendIt() {
		chat(Map.of("prompt", "Say hello", "system", "Be brief.", "cacheable", true)).expectStatus().isOk();
		assertThat(onlyMessagesCall().body().toString()).contains("Be brief.");
	}

	@Test
	void chatWhenPromptBlankShouldAnswer400NamingPrompt() {
		Map<String, Object> problem = problem(chat(Map.of("prompt", "  ")).expectStatus().isBadRequest());
		assertThat((String) problem.get("detail")).contains("prompt");
		assertThat(this.simulator.count()).isZero();
	}

	@Test
	void chatWhenPromptMissingShouldAnswer400NamingPrompt() {
		Map<String, Object> problem = problem(chat(Map.of("system", "Be brief.")).expectStatus().isBadRequest());
		assertThat((String) problem.get("detail")).contains("prompt");
	}

	@Test
	void chatWhenApiOverloadedShouldAnswer503WithRetryAfterAndNoUpstreamText() {
		this.simulator.enqueueFaults(PERSISTENT, SimulatedFault.overloaded());
		EntityExchangeResult<String> result = chat(Map.of("prompt", "Say hello")).expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.valueEquals(HttpHeaders.RETRY_AFTER, "30")
			.expectBody(String.class)
			.returnResult();
		String requestId = this.simulator.journal().get(0).requestId();
		assertThat(result.getResponseBody()).contains(ClaudeException.UNAVAILABLE_MESSAGE)
			.doesNotContain("Overloaded")
			.doesNotContain("overloaded_error")
			.doesNotContain(requestId);
	}

	@Test
	void chatWhenRateLimitedShouldAnswer503WithTheServersRetryAfter() {
		// 1 s, not more: a retrying pipeline honours it between attempts
		this.simulator.enqueueFaults(PERSISTENT, SimulatedFault.rateLimited(Duration.ofSeconds(1)));
		chat(Map.of("prompt", "Say hello")).expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.valueEquals(HttpHeaders.RETRY_AFTER, "1");
	}

	@Test
	void chatWhenContentRefusedShouldAnswer422() {
		this.simulator.enqueueFaults(PERSISTENT, SimulatedFault.status(403));
		Map<String, Object> problem = problem(chat(Map.of("prompt", "Say hello")).expectStatus().isEqualTo(422));
		assertThat((String) problem.get("detail")).isEqualTo(ClaudeException.REJECTED_MESSAGE);
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 404, 413 })
	void chatWhenApiRejectsTheRequestShouldAnswer400AsTheCallersMistake(int status) {
		this.simulator.enqueueFaults(PERSISTENT, SimulatedFault.status(status));
		Map<String, Object> problem = problem(chat(Map.of("prompt", "Say hello")).expectStatus().isEqualTo(400));
		assertThat((String) problem.get("detail")).doesNotContain("error");
	}

	@Test
	void chatWhenAuthenticationFailsShouldAnswer503() {
		this.simulator.enqueueFaults(PERSISTENT, SimulatedFault.status(401));
		Map<String, Object> problem = problem(chat(Map.of("prompt", "Say hello")).expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.exists(HttpHeaders.RETRY_AFTER));
		assertThat((String) problem.get("detail")).isEqualTo(ClaudeException.UNAVAILABLE_MESSAGE);
	}

	@Test
	void streamWhenPromptGivenShouldSendDeltasThenOneDoneEvent() {
		String expectedText = chat(Map.of("prompt", "Tell a story")).expectStatus()
			.isOk()
			.expectBody(ChatResponse.class)
			.returnResult()
			.getResponseBody()
			.text();
		this.simulator.reset();
		List<ServerSentEvent<String>> events = stream(Map.of("prompt", "Tell a story"));
		JournalEntry entry = onlyMessagesCall();
		assertThat(entry.stream()).isTrue();
		ServerSentEvent<String> last = events.get(events.size() - 1);
		List<ServerSentEvent<String>> deltas = events.subList(0, events.size() - 1);
		assertThat(deltas).isNotEmpty().allSatisfy((event) -> assertThat(event.event()).isEqualTo("delta"));
		assertThat(String.join("", deltas.stream().map(ServerSentEvent::data).toList())).isEqualTo(expectedText);
		assertThat(last.event()).isEqualTo("done");
		assertThat(last.data()).isEqualTo("{\"model\":\"claude-sonnet-4-5\",\"stopReason\":\"end_turn\",\"usage\":"
				+ "{\"inputTokens\":" + entry.inputTokens() + ",\"outputTokens\":" + entry.outputTokens() + "}}");
	}

	@Test
	void streamWhenStreamBreaksShouldEndWithOneCalmErrorEvent() {
		this.simulator.enqueueFaults(PERSISTENT, SimulatedFault.midStreamError());
		List<ServerSentEvent<String>> events = stream(Map.of("prompt", "Tell a story"));
		ServerSentEvent<String> last = events.get(events.size() - 1);
		assertThat(last.event()).isEqualTo("error");
		assertThat(last.data()).isEqualTo(ClaudeException.UNAVAILABLE_MESSAGE);
		assertThat(events.subList(0, events.size() - 1)).allSatisfy((event) -> assertThat(event.event()).isEqualTo("delta"));
		assertThat(events).extracting(ServerSentEvent::event).doesNotContain("done");
	}

	@Test
	void streamWhenBatchPriorityAndTenantGivenShouldStreamAndCountTheTenant() {
		List<ServerSentEvent<String>> events = stream(
				Map.of("prompt", "Tell a story", "priority", "batch", "tenant", "streamer"));
		assertThat(events.get(events.size() - 1).event()).isEqualTo("done");

		claudeReport().jsonPath("$.tenants[*].tenant")
			.value((tenants) -> assertThat(tenants).asString().contains("streamer"));
	}

	@Test
	void streamWhenPriorityUnknownShouldAnswer400NamingPriority() {
		Map<String, Object> problem = problem(this.webTestClient.post()
			.uri("/api/chat/stream")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("prompt", "Tell a story", "priority", "urgent"))
			.exchange()
			.expectStatus()
			.isBadRequest());
		assertThat((String) problem.get("detail")).contains("priority");
	}

	@Test
	void streamWhenPromptBlankShouldAnswer400() {
		this.webTestClient.post()
			.uri("/api/chat/stream")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("prompt", ""))
			.exchange()
			.expectStatus()
			.isBadRequest();
	}

	@Test
	void chatWhenBatchPriorityAndTenantGivenShouldAnswerAndCountTheTenant() {
		chat(Map.of("prompt", "Summarise the report", "priority", "batch", "tenant", "acme")).expectStatus().isOk();
		this.webTestClient.post()
			.uri("/api/chat")
			.header("X-Tenant-Id", "beta")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("prompt", "Say hello"))
			.exchange()
			.expectStatus()
			.isOk();

		claudeReport().jsonPath("$.tenants[*].tenant")
			.value((tenants) -> assertThat(tenants).asString().contains("acme", "beta"))
			.jsonPath("$.modelGroups.sonnet.lanes.batch.waiting")
			.isEqualTo(0);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"prompt\": 12345}", "{\"prompt\": \"Hi\", \"maxTokens\": 1.5}",
			"{\"prompt\": \"Hi\", \"maxTokens\": \"100\"}", "{\"prompt\": \"Hi\", \"cacheable\": \"yes\"}" })
	void chatWhenAFieldHasTheWrongTypeShouldAnswer400NamingIt(String json) {
		Map<String, Object> problem = problem(this.webTestClient.post()
			.uri("/api/chat")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(json)
			.exchange()
			.expectStatus()
			.isBadRequest());
		assertThat(problem).containsKey("field");
		assertThat(json).contains("\"" + problem.get("field") + "\"");
		assertThat(this.simulator.count()).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "model", "max_tokens" })
	void chatWhenTheCallerAsksForWhatNoModelCanDoShouldAnswer400NamingTheField(String field) {
		Map<String, Object> body = field.equals("model") ? Map.of("prompt", "Hi", "model", "")
				: Map.of("prompt", "Hi", "maxTokens", 1_000_000);
		Map<String, Object> problem = problem(chat(body).expectStatus().isBadRequest());
		assertThat(problem).containsEntry("field", field);
		assertThat(this.simulator.count()).isZero();
	}

	@Test
	void chatWhenTheModelIsNotAllowedShouldAnswer400NamingTheFieldAndSendNothing() {
		Map<String, Object> problem = problem(
				chat(Map.of("prompt", "Hi", "model", "claude-instant-1")).expectStatus().isBadRequest());
		assertThat(problem).containsEntry("field", "model");
		assertThat((String) problem.get("detail")).as("the caller's input is not echoed").doesNotContain("claude-instant-1");
		assertThat(this.simulator.count()).isZero();
	}

	@Test
	void chatWhenThePromptIsLargerThanAMinuteOfTheInputLimitShouldAnswer400NamingTheField() {
		// opus may take 10 input tokens a minute here: this prompt could never pass
		Map<String, Object> problem = problem(chat(Map.of("prompt", "word ".repeat(200), "model", "claude-opus-4-5"))
			.expectStatus()
			.isBadRequest());
		assertThat(problem).containsEntry("field", "messages");
		assertThat(this.simulator.count()).isZero();
	}

	@Test
	void chatWhenModelNameCarriesALineBreakShouldAnswer400AndSendNothing() {
		problem(chat(Map.of("prompt", "Hi", "model", "claude-sonnet-4-5\r\nINFO forged line")).expectStatus()
			.isBadRequest());
		assertThat(this.simulator.count()).isZero();
	}

	@Test
	void chatWhenPriorityUnknownShouldAnswer400NamingPriority() {
		Map<String, Object> problem = problem(
				chat(Map.of("prompt", "Say hello", "priority", "urgent")).expectStatus().isBadRequest());
		assertThat((String) problem.get("detail")).contains("priority");
	}

	@Test
	void chatWhenTenantBudgetUsedUpShouldAnswer429WithRetryAfterUntilItRenews() {
		EntityExchangeResult<String> result = chat(Map.of("prompt", "Say hello", "tenant", "tiny")).expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(String.class)
			.returnResult();
		long retryAfter = Long.parseLong(result.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER));
		assertThat(retryAfter).isPositive().isLessThanOrEqualTo(Duration.ofDays(1).toSeconds());
		assertThat(result.getResponseBody()).contains(TenantBudgetExceededException.USER_MESSAGE);
		assertThat(this.simulator.count()).isZero();
	}

	@Test
	void reviewQueueWhenNothingRefusedShouldBeEmpty() {
		this.webTestClient.get().uri("/api/review-queue").exchange().expectStatus().isOk().expectBody().json("[]");
	}

	private WebTestClient.ResponseSpec chat(Map<String, Object> body) {
		return this.webTestClient.post()
			.uri("/api/chat")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	private List<ServerSentEvent<String>> stream(Map<String, Object> body) {
		return this.webTestClient.post()
			.uri("/api/chat/stream")
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {
			})
			.getResponseBody()
			.collectList()
			.block(Duration.ofSeconds(10));
	}

	private WebTestClient.BodyContentSpec claudeReport() {
		return this.webTestClient.get().uri("/actuator/claude").exchange().expectStatus().isOk().expectBody();
	}

	// the members as sent: read as a ProblemDetail, Spring Framework 7's Jackson 3 decoder would drop
	// the extension members (it has no mix-in for them), and Spring Boot 4 runs these tests too
	private static Map<String, Object> problem(WebTestClient.ResponseSpec response) {
		return response.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
	}

	private JournalEntry onlyMessagesCall() {
		List<JournalEntry> calls = this.simulator
			.journal()
			.stream()
			.filter((entry) -> entry.path().equals("/v1/messages"))
			.toList();
		assertThat(calls).hasSize(1);
		return calls.get(0);
	}

}
