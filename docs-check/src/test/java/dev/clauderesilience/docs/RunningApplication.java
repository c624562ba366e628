package dev.clauderesilience.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * A fresh Spring Boot application on a random port, started on a class loader of its own, and a
 * plain HTTP client for it.
 */
final class RunningApplication implements AutoCloseable {

	// a bound against a hung test, never an assertion about time
	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final ConfigurableApplicationContext context;

	// HTTP/1.1 as curl speaks it to an http:// URL (the JDK's default would ask to upgrade to h2c)
	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(TIMEOUT)
		.build();

	private RunningApplication(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Starts an application with its class loader as the thread's context class loader, as
	 * {@code java -jar} would have it.
	 * @param classLoader what the application sees
	 * @param stack its web stack
	 * @param sources its configuration classes
	 * @param properties command-line properties, {@code server.port=0} added
	 */
	static RunningApplication start(ClassLoader classLoader, WebStack stack, List<Class<?>> sources,
			List<String> properties) {
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(classLoader);
		try {
			SpringApplication application = new SpringApplication(new DefaultResourceLoader(classLoader),
					sources.toArray(Class<?>[]::new));
			application.setWebApplicationType(stack.type());
			application.setMainApplicationClass(sources.get(0));
			List<String> arguments = new ArrayList<>(properties.stream().map((property) -> "--" + property).toList());
			arguments.add("--server.port=0");
			return new RunningApplication(application.run(arguments.toArray(String[]::new)));
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	ConfigurableApplicationContext context() {
		return this.context;
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	int port() {
		return this.context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	HttpResponse<String> get(String path) {
		return send(request(path, Map.of()).GET());
	}

	HttpResponse<String> post(String path, Map<String, String> headers, String body) {
		return send(request(path, headers).POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	HttpResponse<String> send(String method, String path, Map<String, String> headers, String body) {
		HttpRequest.BodyPublisher publisher = (body != null) ? HttpRequest.BodyPublishers.ofString(body)
				: HttpRequest.BodyPublishers.noBody();
		return send(request(path, headers).method(method, publisher));
	}

	private HttpRequest.Builder request(String path, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port() + path))
			.timeout(TIMEOUT);
		headers.forEach(request::header);
		return request;
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.context.close();
	}

}
