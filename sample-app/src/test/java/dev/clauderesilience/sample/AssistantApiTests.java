package dev.clauderesilience.sample;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.clauderesilience.client.ClaudeException;
import dev.clauderesilience.test.ClaudeSimulatorExtension;
import dev.clauderesilience.test.ClaudeSimulatorPropertySource;
import dev.clauderesilience.test.JournalEntry;
import dev.clauderesilience.test.SimulatedFault;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/assistant}, Spring AI's {@code ChatClient} with a tool on the starter's chat
 * model, end to end on a simulator. The simulator calls a tool when the question names it.
 * Retries wait milliseconds; no client limit paces; the fallback model is the only other one.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "claude.api-key=sim-test-key", "claude.deadline=10s", "claude.limits.requests-per-minute=",
				"claude.limits.input-tokens-per-minute=", "claude.limits.output-tokens-per-minute=",
				"claude.limits.tokens-per-day=", "claude.fallback-models=claude-haiku-4-5",
				"resilience4j.retry.instances.claude.max-attempts=3",
				"resilience4j.retry.instances.claude.wait-duration=1ms",
				"resilience4j.retry.instances.claude.exponential-max-wait-duration=10ms",
				"resilience4j.circuitbreaker.instances.claude.sliding-window-size=1000",
				"resilience4j.circuitbreaker.instances.claude.minimum-number-of-calls=1000" })
class AssistantApiTests {

	private static final String ORDER_QUESTION = "Where is my parcel? Please check orderStatus for orderId=A-1001.";

	@RegisterExtension
	static final ClaudeSimulatorExtension sim = ClaudeSimulatorExtension.create();

	@DynamicPropertySource
	static void claudeProperties(DynamicPropertyRegistry registry) {
		ClaudeSimulatorPropertySource.register(registry, sim.simulator());
	}

	// bound here rather than injected: Spring Boot 4 injects one only on request
	@Value("${local.server.port}")
	private int port;

	private WebTestClient webTestClient;

	@BeforeEach
	void bindToTheServer() {
		this.webTestClient = WebTestClient.bindToServer().baseUrl("http://localhost:" + this.port).build();
	}

	@Test
	void assistantWhenAskedAboutAnOrderShouldLookItUpWithTheToolAndAnswerWithTheStatus() {
		expectOrderAnswer("claude-sonnet-4-5", false);

		List<JournalEntry> journal = sim.simulator().journal();
		assertThat(journal).hasSize(2).allSatisfy((entry) -> assertThat(entry.status()).isEqualTo(200));
		JsonNode first = journal.get(0).body();
		assertThat(first.path("system").asText()).startsWith("You are the support assistant");
		assertThat(first.path("tools").get(0).path("name").asText()).isEqualTo("orderStatus");
		JsonNode toolResult = journal.get(1).body().path("messages").get(2).path("content").get(0);
		assertThat(toolResult.path("type").asText()).isEqualTo("tool_result");
	}

	@Test
	void assistantWhenPrimaryModelIsDownShouldBeAnsweredByTheFallbackModelThroughTheToolCall() {
		sim.simulator().outage("claude-sonnet-4-5");

		expectOrderAnswer("claude-haiku-4-5", true);
	}

	@Test
	void assistantWhenNothingCanAnswerShouldAnswer503WithTheCalmMessageOnly() {
		sim.simulator().outage("claude-sonnet-4-5");
		sim.simulator().outage("claude-haiku-4-5");

		String body = ask("Say hello").expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(body).contains(ClaudeException.UNAVAILABLE_MESSAGE)
			.doesNotContain("Overloaded")
			.doesNotContain("overloaded_error");
	}

	@Test
	void assistantWhenPromptBlankShouldAnswer400() {
		ask(" ").expectStatus().isBadRequest();
		assertThat(sim.simulator().count()).isZero();
	}

	private void expectOrderAnswer(String model, boolean fallback) {
		ask(ORDER_QUESTION).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.text")
			.isEqualTo("The orderStatus tool returned: \"Order A-1001: shipped on Monday, arriving Thursday\"")
			.jsonPath("$.model")
			.isEqualTo(model)
			.jsonPath("$.fallback")
			.isEqualTo(fallback);
	}

	private WebTestClient.ResponseSpec ask(String prompt) {
		return this.webTestClient.post()
			.uri("/api/assistant")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("prompt", prompt))
			.exchange();
	}

}
