package dev.clauderesilience.docs;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.clauderesilience.autoconfigure.ClaudeProperties;
import dev.clauderesilience.autoconfigure.ClaudeResilienceState;
import dev.clauderesilience.test.ClaudeSimulator;
import dev.clauderesilience.test.JournalEntry;
import dev.clauderesilience.test.SimulatedFault;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README.md's application, started fresh on one web stack (a subclass each): what its
 * {@code java-main} snippet exposes ({@code AskController}: {@code POST /ask} and
 * {@code POST /ask/stream}) and its {@code spring-ai-java-main} snippet ({@code POST /support},
 * a ChatClient with a tool) answer on the simulator and when nothing can answer, and
 * {@code /actuator/health} shows what the README's YAML promises.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ApplicationSnippetChecks {

	private static final ObjectMapper json = new ObjectMapper();

	private static final Map<String, String> TEXT = Map.of("Content-Type", "text/plain");

	private final Readme readme = Readme.project();

	private RunningApplication application;

	/**
	 * The stack this application runs on.
	 */
	abstract WebStack stack();

	/**
	 * Properties beside the README's YAML.
	 */
	String[] properties() {
		return new String[0];
	}

	@BeforeAll
	void start() {
		this.application = ReadmeApplication.start(stack(), properties());
	}

	@AfterAll
	void stop() {
		if (this.application != null) {
			this.application.close();
		}
	}

	// as @AutoConfigureClaudeSimulator does: no test's outage or open breaker reaches the next
	@AfterEach
	void reset() {
		simulator().reset();
		this.application.bean(ClaudeResilienceState.class).reset();
	}

	RunningApplication application() {
		return this.application;
	}

	@Test
	void askShouldBeAnsweredWithTheSimulatorsText() {
		HttpResponse<String> response = this.application.post("/ask", TEXT, "Say hello");

		Snippet snippet = this.readme.only(SnippetKind.JAVA_MAIN);
		assertThat(response.statusCode()).as(snippet.where()).isEqualTo(200);
		JournalEntry call = onlyCall();
		assertThat(call.body().path("system").asText()).as(snippet.where()).isEqualTo("Be brief.");
		assertThat(response.body()).as(snippet.where()).isNotBlank();
		assertThat(response.body().split(" ")).as(snippet.where()).hasSize((int) call.outputTokens());
	}

	@Test
	void askStreamShouldSendDeltasThenOneDoneEvent() throws JsonProcessingException {
		HttpResponse<String> response = this.application.post("/ask/stream", TEXT, "Say hello");

		Snippet snippet = this.readme.only(SnippetKind.JAVA_MAIN);
		assertThat(response.statusCode()).as(snippet.where()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).as(snippet.where())
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/event-stream"));
		List<SseEvent> events = SseEvent.parse(response.body());
		assertThat(events).as(snippet.where()).hasSizeGreaterThan(2);
		List<SseEvent> deltas = events.subList(0, events.size() - 1);
		assertThat(deltas).as(snippet.where()).extracting(SseEvent::name).containsOnly("delta");
		SseEvent done = events.get(events.size() - 1);
		assertThat(done.name()).as(snippet.where()).isEqualTo("done");
		JsonNode summary = json.readTree(done.data());
		JournalEntry call = onlyCall();
		assertThat(call.stream()).isTrue();
		assertThat(summary.path("model").asText()).isEqualTo(call.model());
		assertThat(summary.path("usage").path("outputTokens").asLong()).isEqualTo(call.outputTokens());
		String text = String.join("", deltas.stream().map(SseEvent::data).toList());
		assertThat(text.split(" ")).as(snippet.where()).hasSize((int) call.outputTokens());
	}

	@Test
	void whenNothingCanAnswerAskShouldBeA503ProblemWithTheCalmMessage() throws JsonProcessingException {
		outageOfEveryModel();

		HttpResponse<String> response = this.application.post("/ask", TEXT, "Say hello");

		assertUnavailableProblem(response, this.readme.only(SnippetKind.JAVA_MAIN));
	}

	@Test
	void whenNothingCanAnswerTheStreamShouldEndInOneErrorEventWithTheCalmMessage() {
		outageOfEveryModel();

		HttpResponse<String> response = this.application.post("/ask/stream", TEXT, "Say hello");

		Snippet snippet = this.readme.only(SnippetKind.JAVA_MAIN);
		assertThat(response.statusCode()).as(snippet.where()).isEqualTo(200);
		assertThat(SseEvent.parse(response.body())).as(snippet.where())
			.containsExactly(new SseEvent("error", calmMessage()));
	}

	// the report on Spring MVC: a failure after the first deltas cut the connection and
	// the problem-details advice failed writing a problem as text/event-stream
	@Test
	void whenTheStreamBreaksAfterItsFirstDeltasItShouldEndInOneErrorEvent() {
		// every attempt and every fallback model breaks off mid-answer
		simulator().enqueueFaults(20, SimulatedFault.midStreamError());

		HttpResponse<String> response = this.application.post("/ask/stream", TEXT, "Say hello");

		Snippet snippet = this.readme.only(SnippetKind.JAVA_MAIN);
		assertThat(response.statusCode()).as(snippet.where()).isEqualTo(200);
		List<SseEvent> events = SseEvent.parse(response.body());
		assertThat(events).as("%s answered %s", snippet.where(), response.body()).hasSizeGreaterThan(1);
		assertThat(events.subList(0, events.size() - 1)).extracting(SseEvent::name).containsOnly("delta");
		assertThat(events.get(events.size() - 1)).as(snippet.where()).isEqualTo(new SseEvent("error", calmMessage()));
		assertThat(simulator().journal()).first().satisfies((call) -> assertThat(call.stream()).isTrue());
	}

	@Test
	void healthShouldBeUpWithTheClaudeDetailsAndTheReadinessGroup() throws JsonProcessingException {
		Snippet yaml = this.readme.only(SnippetKind.APPLICATION_YAML);

		HttpResponse<String> health = this.application.get("/actuator/health");
		assertThat(health.statusCode()).as(yaml.where()).isEqualTo(200);
		JsonNode claude = json.readTree(health.body()).path("components").path("claude");
		assertThat(claude.path("status").asText()).as(yaml.where()).isEqualTo("UP");
		assertThat(claude.path("details").isEmpty()).as("%s: claude details visible", yaml.where()).isFalse();

		HttpResponse<String> readiness = this.application.get("/actuator/health/readiness");
		assertThat(readiness.statusCode()).as(yaml.where()).isEqualTo(200);
		JsonNode group = json.readTree(readiness.body());
		assertThat(group.path("status").asText()).isEqualTo("UP");
		assertThat(names(group.path("components"))).as(yaml.where()).contains("claude");
	}

	@Test
	void supportShouldRunTheToolWithTheModelsInputAndAnswerWithItsResult() {
		HttpResponse<String> response = this.application.post("/support", TEXT,
				"Where is order A-1001? Ask orderStatus with orderId=A-1001.");

		Snippet snippet = this.readme.only(SnippetKind.SPRING_AI_JAVA_MAIN);
		assertThat(response.statusCode()).as(snippet.where()).isEqualTo(200);
		// the simulator answers a tool result by quoting it: the tool ran, with the model's input
		assertThat(response.body()).as(snippet.where()).startsWith("The orderStatus tool returned: ").contains("A-1001");
		List<JournalEntry> journal = simulator().journal();
		assertThat(journal).hasSize(2).allSatisfy((entry) -> assertThat(entry.status()).isEqualTo(200));
		assertThat(journal.get(0).body().path("tools").path(0).path("name").asText()).isEqualTo("orderStatus");
	}

	@Test
	void whenNothingCanAnswerSupportShouldBeA503ProblemWithTheCalmMessage() throws JsonProcessingException {
		outageOfEveryModel();

		HttpResponse<String> response = this.application.post("/support", TEXT, "Where is order A-1001?");

		assertUnavailableProblem(response, this.readme.only(SnippetKind.SPRING_AI_JAVA_MAIN));
	}

	// the problem-details handler's answer when nothing can answer: 503, Retry-After, the calm text
	private void assertUnavailableProblem(HttpResponse<String> response, Snippet snippet)
			throws JsonProcessingException {
		assertThat(response.statusCode()).as("%s answered %s", snippet.where(), response.body()).isEqualTo(503);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.headers().firstValue("Retry-After")).isPresent();
		assertThat(json.readTree(response.body()).path("detail").asText()).as(snippet.where())
			.isEqualTo(calmMessage());
	}

	private ClaudeSimulator simulator() {
		return this.application.bean(ClaudeSimulator.class);
	}

	private JournalEntry onlyCall() {
		assertThat(simulator().journal()).hasSize(1);
		return simulator().journal().get(0);
	}

	// the configured model and every fallback model (the README's YAML names them)
	private void outageOfEveryModel() {
		ClaudeProperties properties = this.application.bean(ClaudeProperties.class);
		simulator().outage(properties.getModel());
		properties.getFallbackModels().forEach(simulator()::outage);
	}

	private String calmMessage() {
		return this.application.bean(ClaudeProperties.class).getMessages().getUnavailable();
	}

	private static List<String> names(JsonNode object) {
		List<String> names = new ArrayList<>();
		object.fieldNames().forEachRemaining(names::add);
		return names;
	}

}
