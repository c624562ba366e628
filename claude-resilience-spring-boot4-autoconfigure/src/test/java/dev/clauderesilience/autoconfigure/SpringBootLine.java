package dev.clauderesilience.autoconfigure;

import java.util.List;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ClientHttpConnectorBuilderCustomizer;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.client.reactive.ReactorClientHttpConnectorBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

/**
 * What the tests need from Spring Boot that differs between the project's Spring Boot lines:
 * the Spring Boot 4 form of the Spring Boot 3.5 module's class of this name, which it replaces
 * among the tests this module generates from that module's.
 */
public final class SpringBootLine {

	/**
	 * Spring Boot's major version on this line.
	 */
	public static final int SPRING_BOOT_MAJOR = 4;

	/**
	 * Spring Framework's major version on this line.
	 */
	public static final int SPRING_FRAMEWORK_MAJOR = 7;

	/**
	 * Classes only this line's Spring Boot and Resilience4j integration have.
	 */
	public static final List<String> OWN_CLASSES = List.of(
			"org.springframework.boot.health.contributor.HealthIndicator",
			"org.springframework.boot.EnvironmentPostProcessor",
			"io.github.resilience4j.springboot.retry.autoconfigure.RetryAutoConfiguration");

	/**
	 * Classes only the other line's Spring Boot and Resilience4j integration have.
	 */
	public static final List<String> OTHER_LINE_CLASSES = List.of(
			"org.springframework.boot.actuate.health.HealthIndicator",
			"org.springframework.boot.autoconfigure.web.reactive.function.client.ReactorNettyHttpClientMapper",
			"io.github.resilience4j.springboot3.retry.autoconfigure.RetryAutoConfiguration");

	private SpringBootLine() {
	}

	/**
	 * The auto-configurations an application has for {@code /actuator/health}.
	 * @return the health contributors, their registry (new in Spring Boot 4, which the endpoint
	 * needs) and the health endpoint
	 */
	public static AutoConfigurations healthEndpoint() {
		return AutoConfigurations.of(HealthContributorAutoConfiguration.class,
				HealthContributorRegistryAutoConfiguration.class, HealthEndpointAutoConfiguration.class);
	}

	/**
	 * The auto-configurations that give an application its reactive HTTP connector and
	 * {@code WebClient.Builder}.
	 * @return the HTTP client settings, reactive connector and WebClient auto-configurations
	 */
	public static AutoConfigurations httpConnector() {
		return AutoConfigurations.of(HttpClientAutoConfiguration.class, ReactiveHttpClientAutoConfiguration.class,
				WebClientAutoConfiguration.class);
	}

	/**
	 * Adds the application's own Reactor Netty customization that sets a header on every request,
	 * as Spring Boot 4 applications write it (Spring Boot 3.5's {@code ReactorNettyHttpClientMapper}
	 * is gone).
	 * @param runner the runner
	 * @param name the header's name
	 * @param value its value
	 * @return the runner with a {@link ClientHttpConnectorBuilderCustomizer} bean
	 */
	public static ApplicationContextRunner withRequestHeader(ApplicationContextRunner runner, String name,
			String value) {
		ClientHttpConnectorBuilderCustomizer<ReactorClientHttpConnectorBuilder> customizer = (builder) -> builder
			.withHttpClientCustomizer((client) -> client.headers((headers) -> headers.set(name, value)));
		return runner.withBean(ClientHttpConnectorBuilderCustomizer.class, () -> customizer);
	}

}
