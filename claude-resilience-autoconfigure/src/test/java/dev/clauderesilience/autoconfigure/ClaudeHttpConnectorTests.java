package dev.clauderesilience.autoconfigure;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.clauderesilience.client.ClaudeClient;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeResponse;
import dev.clauderesilience.client.ClaudeTransportException;
import dev.clauderesilience.client.ClaudeUnavailableException;
import dev.clauderesilience.test.ClaudeSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The Claude client sends with a connector from the application's own HTTP client settings:
 * its Reactor Netty customizations, an SSL bundle, the claude timeouts.
 */
class ClaudeHttpConnectorTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final ClaudeRequest REQUEST = ClaudeRequest.of("claude-sonnet-4-5", 50, "Hello");

	private static final String MESSAGE = """
			{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5",
			"content":[{"type":"text","text":"Hi!"}],"stop_reason":"end_turn",
			"usage":{"input_tokens":5,"output_tokens":3}}""";

	private MockWebServer server;

	@BeforeEach
	void startServer() throws IOException {
		this.server = new MockWebServer();
		this.server.start();
	}

	@AfterEach
	void stopServer() throws IOException {
		this.server.shutdown();
	}

	// as an application has it: Boot's connector builder, its customizations and SSL bundles
	private static ApplicationContextRunner runner(String baseUrl, String... properties) {
		return new ApplicationContextRunner()
			.withInitializer((context) -> new ClaudeDefaultsEnvironmentPostProcessor()
				.postProcessEnvironment(context.getEnvironment(), null))
			.withConfiguration(AutoConfigurations.of(ClaudeAutoConfiguration.class, SslAutoConfiguration.class))
			.withConfiguration(SpringBootLine.httpConnector())
			.withPropertyValues("claude.base-url=" + baseUrl, "claude.api-key=sim-test-key", "ANTHROPIC_API_KEY=",
					"resilience4j.retry.instances.claude.wait-duration=10ms",
					"resilience4j.retry.instances.claude.max-attempts=2")
			.withPropertyValues(properties);
	}

	private static MockResponse message() {
		return new MockResponse().setHeader("content-type", "application/json").setBody(MESSAGE);
	}

	@Test
	void theApplicationsReactorNettyCustomizationShouldApplyToClaudeCalls() throws InterruptedException {
		this.server.enqueue(message());
		SpringBootLine.withRequestHeader(runner(this.server.url("/").toString().replaceAll("/$", "")),
				"x-gateway-route", "claude")
			.run((context) -> {
				ClaudeResponse response = context.getBean(ClaudeClient.class).send(REQUEST).block(TIMEOUT);

				assertThat(response.text()).isEqualTo("Hi!");
				RecordedRequest sent = this.server.takeRequest(5, TimeUnit.SECONDS);
				assertThat(sent.getHeader("x-gateway-route")).isEqualTo("claude");
				assertThat(sent.getHeader("x-api-key")).isEqualTo("sim-test-key");
			});
	}

	@Test
	void theResponseTimeoutShouldApplyToTheApplicationsConnector() {
		this.server.enqueue(message().setHeadersDelay(3, TimeUnit.SECONDS));
		this.server.enqueue(message().setHeadersDelay(3, TimeUnit.SECONDS));
		runner(this.server.url("/").toString().replaceAll("/$", ""), "claude.timeouts.response=200ms")
			.run((context) -> {
				Throwable failure = catchThrowable(() -> context.getBean(ClaudeClient.class).send(REQUEST).block(TIMEOUT));

				assertThat(failure).isInstanceOf(ClaudeUnavailableException.class)
					.cause()
					.isInstanceOfSatisfying(ClaudeTransportException.class,
							(transport) -> assertThat(transport.isTimeout()).isTrue());
			});
	}

	@Test
	void aSimulatorWithItsOwnCertificateShouldBeTrustedThroughTheSslBundle() throws URISyntaxException {
		try (ClaudeSimulator simulator = ClaudeSimulator.builder()
			.tls(resource("tls/simulator.crt"), resource("tls/simulator.key"))
			.build()
			.start()) {
			assertThat(simulator.baseUrl()).startsWith("https://");
			runner(simulator.baseUrl(), "spring.ssl.bundle.pem.gateway.truststore.certificate=classpath:tls/simulator.crt",
					"claude.ssl.bundle=gateway")
				.run((context) -> {
					ClaudeResponse response = context.getBean(ClaudeClient.class).send(REQUEST).block(TIMEOUT);

					assertThat(response.text()).isNotBlank();
					assertThat(simulator.count()).isEqualTo(1);
				});
		}
	}

	@Test
	void withoutTheBundleTheSimulatorsCertificateShouldNotBeTrusted() throws URISyntaxException {
		try (ClaudeSimulator simulator = ClaudeSimulator.builder()
			.tls(resource("tls/simulator.crt"), resource("tls/simulator.key"))
			.build()
			.start()) {
			runner(simulator.baseUrl()).run((context) -> {
				Throwable failure = catchThrowable(() -> context.getBean(ClaudeClient.class).send(REQUEST).block(TIMEOUT));

				assertThat(failure).isInstanceOf(ClaudeUnavailableException.class)
					.cause()
					.isInstanceOf(ClaudeTransportException.class);
				assertThat(simulator.count()).as("no request got through the handshake").isZero();
			});
		}
	}

	@Test
	void anUnknownBundleShouldStopStartUpNamingTheProperty() {
		runner(this.server.url("/").toString(), "claude.ssl.bundle=missing").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidClaudePropertyException.class)
				.hasMessageContaining("claude.ssl.bundle")
				.hasMessageContaining("missing");
		});
	}

	private static Path resource(String name) throws URISyntaxException {
		return Path.of(ClaudeHttpConnectorTests.class.getClassLoader().getResource(name).toURI());
	}

}
