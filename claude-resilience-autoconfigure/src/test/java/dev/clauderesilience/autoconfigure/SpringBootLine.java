package dev.clauderesilience.autoconfigure;

import java.util.List;

import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.http.client.reactive.ClientHttpConnectorAutoConfiguration;
import org.springframework.boot.autoconfigure.web.reactive.function.client.ReactorNettyHttpClientMapper;
import org.springframework.boot.autoconfigure.web.reactive.function.client.WebClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * What the tests need from Spring Boot that differs between the project's Spring Boot lines.
 * The Spring Boot 4 module generates its tests from this module's and replaces this class with
 * its own version: every other test is shared.
 */
public final class SpringBootLine {

	/**
	 * Spring Boot's major version on this line.
	 */
	public static final int SPRING_BOOT_MAJOR = 3;

	/**
	 * Spring Framework's major version on this line.
	 */
	public static final int SPRING_FRAMEWORK_MAJOR = 6;

	/**
	 * Classes only this line's Spring Boot and Resilience4j integration have.
	 */
	public static final List<String> OWN_CLASSES = List.of("org.springframework.boot.actuate.health.HealthIndicator",
			"org.springframework.boot.autoconfigure.web.reactive.function.client.ReactorNettyHttpClientMapper",
			"io.github.resilience4j.springboot3.retry.autoconfigure.RetryAutoConfiguration");

	/**
	 * Classes only the other line's Spring Boot and Resilience4j integration have.
	 */
	public static final List<String> OTHER_LINE_CLASSES = List.of(
			"org.springframework.boot.health.contributor.HealthIndicator",
			"org.springframework.boot.EnvironmentPostProcessor",
			"io.github.resilience4j.springboot.retry.autoconfigure.RetryAutoConfiguration");

	private SpringBootLine() {
	}

	/**
	 * The auto-configurations an application has for {@code /actuator/health}.
	 * @return the health contributors and the health endpoint
	 */
	public static AutoConfigurations healthEndpoint() {
		return AutoConfigurations.of(HealthContributorAutoConfiguration.class, HealthEndpointAutoConfiguration.class);
	}

	/**
	 * The auto-configurations that give an application its reactive HTTP connector and
	 * {@code WebClient.Builder}.
	 * @return the HTTP connector and WebClient auto-configurations
	 */
	public static AutoConfigurations httpConnector() {
		return AutoConfigurations.of(ClientHttpConnectorAutoConfiguration.class,
				org.springframework.boot.autoconfigure.web.reactive.function.client.ClientHttpConnectorAutoConfiguration.class,
				WebClientAutoConfiguration.class);
	}

	/**
	 * Adds the application's own Reactor Netty customization that sets a header on every request,
	 * as Spring Boot 3.5 applications write it.
	 * @param runner the runner
	 * @param name the header's name
	 * @param value its value
	 * @return the runner with a {@link ReactorNettyHttpClientMapper} bean
	 */
	public static ApplicationContextRunner withRequestHeader(ApplicationContextRunner runner, String name,
			String value) {
		ReactorNettyHttpClientMapper mapper = (client) -> client.headers((headers) -> headers.set(name, value));
		return runner.withBean(ReactorNettyHttpClientMapper.class, () -> mapper);
	}

}
