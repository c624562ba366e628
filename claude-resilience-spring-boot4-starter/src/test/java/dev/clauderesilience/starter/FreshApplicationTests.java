package dev.clauderesilience.starter;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;

import dev.clauderesilience.client.ClaudeClient;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeResponse;
import dev.clauderesilience.metrics.ClaudeMeterNames;
import dev.clauderesilience.test.ClaudeSimulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fresh Spring Boot 4 application whose only dependency is this starter (the simulator stands
 * in for the API): it answers through the client on the application's own defaults (Jackson 3,
 * Spring Boot's WebClient.Builder), and shows the claude health, endpoint and meters.
 */
class FreshApplicationTests {

	private static final ClaudeSimulator simulator = ClaudeSimulator.builder().build().start();

	@AfterAll
	static void stopSimulator() {
		simulator.close();
	}

	@Test
	void aFreshApplicationShouldAnswerThroughTheStarterAndShowItsHealthEndpointAndMeters() {
		try (ConfigurableApplicationContext application = new SpringApplicationBuilder(FreshApplication.class)
			.properties("server.port=0", "claude.base-url=" + simulator.baseUrl(),
					"claude.api-key=" + simulator.apiKey(), "ANTHROPIC_API_KEY=",
					"management.endpoints.web.exposure.include=health,claude,metrics",
					"management.endpoint.health.show-details=always")
			.run()) {
			WebTestClient web = WebTestClient.bindToServer()
				.baseUrl("http://localhost:" + application.getEnvironment().getProperty("local.server.port"))
				.build();

			web.post()
				.uri("/ask")
				.bodyValue("Say hello")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.value((answer) -> assertThat(answer).isNotBlank());
			assertThat(simulator.count()).isOne();
			web.get()
				.uri("/actuator/health")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.components.claude.status")
				.isEqualTo("UP");
			web.get()
				.uri("/actuator/claude")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo("UP");
			web.get().uri("/actuator/metrics/" + ClaudeMeterNames.REQUESTS).exchange().expectStatus().isOk();

			assertThat(SpringBootVersion.getVersion()).startsWith("4.");
			assertThat(application.getBeansOfType(JsonMapper.class)).as("Jackson 3, Spring Boot 4's default")
				.hasSize(1);
			assertThat(application.getBeansOfType(WebClient.Builder.class)).hasSize(1);
		}
	}

	@SpringBootApplication
	@RestController
	static class FreshApplication {

		private final ClaudeClient client;

		FreshApplication(ClaudeClient client) {
			this.client = client;
		}

		@PostMapping("/ask")
		Mono<String> ask(@RequestBody String prompt) {
			return this.client.send(ClaudeRequest.builder().user(prompt).build()).map(ClaudeResponse::text);
		}

	}

}
