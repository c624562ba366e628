package dev.clauderesilience.sample;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.clauderesilience.test.ClaudeSimulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In its default ({@code local}) profile the sample runs on the embedded simulator
 * ({@code claude.simulator.enabled}), whatever key the environment has. The inline properties
 * keep the retries of the resilience pipeline to milliseconds.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ANTHROPIC_API_KEY=sk-ant-a-real-key-never-used", "claude.simulator.outages=claude-opus-4-5",
				"claude.deadline=10s", "resilience4j.retry.instances.claude.max-attempts=3",
				"resilience4j.retry.instances.claude.wait-duration=1ms",
				"resilience4j.retry.instances.claude.exponential-max-wait-duration=10ms" })
class EmbeddedSimulatorTests {

	// bound here rather than injected: Spring Boot 4 injects one only on request
	@Value("${local.server.port}")
	private int port;

	private WebTestClient webTestClient;

	@Autowired
	private ClaudeSimulator simulator;

	@Value("${claude.base-url}")
	private String baseUrl;

	@BeforeEach
	void bindToTheServer() {
		this.webTestClient = WebTestClient.bindToServer().baseUrl("http://localhost:" + this.port).build();
	}

	@Test
	void startInTheLocalProfileShouldRunOnTheEmbeddedSimulatorAndSaySo(CapturedOutput output) {
		assertThat(this.baseUrl).isEqualTo(this.simulator.baseUrl()).startsWith("http://127.0.0.1:");
		assertThat(output).contains("claude.simulator.enabled: running on the embedded Claude API simulator at "
				+ this.simulator.baseUrl() + " (no real API calls)");
	}

	@Test
	void chatWhenNoApiKeyShouldBeAnsweredByTheEmbeddedSimulator() {
		int before = this.simulator.count();
		this.webTestClient.post()
			.uri("/api/chat")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"prompt\": \"Say hello\"}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.model")
			.isEqualTo("claude-sonnet-4-5");
		assertThat(this.simulator.count()).isEqualTo(before + 1);
	}

	@Test
	void assistantWhenNoApiKeyShouldLookTheOrderUpOnTheEmbeddedSimulator() {
		int before = this.simulator.count();
		this.webTestClient.post()
			.uri("/api/assistant")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"prompt\": \"Ask orderStatus about orderId=A-1002.\"}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.text")
			.isEqualTo("The orderStatus tool returned: \"Order A-1002: being packed, shipping tomorrow\"");
		assertThat(this.simulator.count()).isEqualTo(before + 2);
	}

	@Test
	void chatWhenSimulatorOutageConfiguredShouldBeAnsweredByTheFallbackModel() {
		this.webTestClient.post()
			.uri("/api/chat")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"prompt\": \"Say hello\", \"model\": \"claude-opus-4-5\"}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.fallback")
			.isEqualTo(true)
			.jsonPath("$.model")
			.isEqualTo("claude-sonnet-4-5");
	}

	@Test
	void reviewQueueShouldBeOffUnlessEnabled() {
		this.webTestClient.get().uri("/api/review-queue").exchange().expectStatus().isNotFound();
	}

	@Test
	void healthShouldBeUp() {
		this.webTestClient.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP");
	}

}
