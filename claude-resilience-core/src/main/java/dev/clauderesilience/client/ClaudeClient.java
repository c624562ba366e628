package dev.clauderesilience.client;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The one entry point to the Claude Messages API. Reactive: nothing is sent until the result
 * is subscribed to; blocking callers use {@code client.send(request).block()}. Every failure
 * arrives as a {@link ClaudeException}.
 * <p>
 * With the starter on the classpath, inject the auto-configured bean; {@link #builder()}
 * builds a plain client (no pacing, retry or breaker) for use without Spring Boot.
 *
 * @since 0.1.0
 */
public interface ClaudeClient {

	/**
	 * Sends a request and returns the whole answer.
	 * @param request the request
	 * @return the answer
	 */
	Mono<ClaudeResponse> send(ClaudeRequest request);

	/**
	 * Sends a request and streams the answer as typed events. Fold it into a response with
	 * {@link ClaudeStreamAccumulator#collect(Flux)}.
	 * @param request the request
	 * @return the events
	 */
	Flux<ClaudeStreamEvent> stream(ClaudeRequest request);

	/**
	 * Counts the input tokens of a request with the count_tokens endpoint (an estimate; free,
	 * with its own rate limit).
	 * @param request the request (its max_tokens is ignored)
	 * @return the input token count
	 */
	Mono<Integer> countTokens(ClaudeRequest request);

	/**
	 * A client for an application without an API key: every call fails at once with
	 * {@link ClaudeApiKeyMissingException}, and nothing is sent.
	 * @return the client
	 * @since 0.2.0
	 */
	static ClaudeClient withoutApiKey() {
		return new MissingKeyClaudeClient();
	}

	/**
	 * A builder for a plain client.
	 * @return the builder
	 */
	static Builder builder() {
		return new Builder();
	}

	/**
	 * Builds a plain {@link ClaudeClient} on a {@link WebClient.Builder}.
	 */
	final class Builder {

		static final String DEFAULT_BASE_URL = "https://api.anthropic.com";

		WebClient.Builder webClientBuilder;

		String baseUrl = DEFAULT_BASE_URL;

		String apiKey;

		ApiVersion apiVersion = ApiVersion.V2026_10_21;

		AuthScheme authScheme = AuthScheme.X_API_KEY;

		String defaultModel;

		Integer defaultMaxTokens;

		Duration connectTimeout = Duration.ofSeconds(10);

		Duration responseTimeout = Duration.ofSeconds(60);

		Clock clock = Clock.systemUTC();

		int maxConnections = 500;

		int maxPendingAcquires = 1000;

		// whole messages can be large (long outputs, tool inputs); Spring's default is 256 KB
		int maxResponseSize = 16 * 1024 * 1024;

		ClientHttpConnector connector;

		Builder() {
		}

		/**
		 * The builder to start from (cloned), so that the application's customizations apply.
		 * @param webClientBuilder the builder
		 * @return this builder
		 */
		public Builder webClientBuilder(WebClient.Builder webClientBuilder) {
			this.webClientBuilder = webClientBuilder;
			return this;
		}

		public Builder baseUrl(String baseUrl) {
			this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
			return this;
		}

		public Builder apiKey(String apiKey) {
			this.apiKey = apiKey;
			return this;
		}

		public Builder apiVersion(ApiVersion apiVersion) {
			this.apiVersion = Objects.requireNonNull(apiVersion, "apiVersion");
			return this;
		}

		public Builder authScheme(AuthScheme authScheme) {
			this.authScheme = Objects.requireNonNull(authScheme, "authScheme");
			return this;
		}

		/**
		 * The model for requests that name none.
		 * @param defaultModel the model id
		 * @return this builder
		 */
		public Builder defaultModel(String defaultModel) {
			this.defaultModel = defaultModel;
			return this;
		}

		/**
		 * The max_tokens for requests that set none.
		 * @param defaultMaxTokens the default
		 * @return this builder
		 */
		public Builder defaultMaxTokens(Integer defaultMaxTokens) {
			this.defaultMaxTokens = defaultMaxTokens;
			return this;
		}

		public Builder connectTimeout(Duration connectTimeout) {
			this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
			return this;
		}

		/**
		 * The longest silence allowed while waiting for or reading an answer (between two reads,
		 * so a long stream that keeps sending is not cut).
		 * @param responseTimeout the timeout
		 * @return this builder
		 */
		public Builder responseTimeout(Duration responseTimeout) {
			this.responseTimeout = Objects.requireNonNull(responseTimeout, "responseTimeout");
			return this;
		}

		/**
		 * The size of the client's connection pool: how many requests may be on the wire at once,
		 * and how many more may queue for a connection before a call fails at once with a
		 * {@link ClaudeTransportException} ({@link ClaudeTransportException#isConnectionPoolExhausted()}).
		 * @param maxConnections connections at most
		 * @param maxPendingAcquires requests waiting for a connection at most
		 * @return this builder
		 */
		public Builder connectionPool(int maxConnections, int maxPendingAcquires) {
			this.maxConnections = maxConnections;
			this.maxPendingAcquires = maxPendingAcquires;
			return this;
		}

		/**
		 * The largest answer read (a whole message, or one event of a stream); a larger one fails
		 * with a retryable {@link ClaudeResponseFormatException}. 16 MB by default.
		 * @param bytes the size in bytes
		 * @return this builder
		 */
		public Builder maxResponseSize(int bytes) {
			this.maxResponseSize = bytes;
			return this;
		}

		/**
		 * The connector to send with, built with the application's HTTP client settings (its
		 * mappers, TLS, proxy): its own connect and response timeouts and connection pool then
		 * apply instead of {@link #connectTimeout}, {@link #responseTimeout} and
		 * {@link #connectionPool}, and closing the client leaves it open. Without one, the client
		 * builds a Reactor Netty connector of its own.
		 * @param connector the connector
		 * @return this builder
		 * @since 0.2.0
		 */
		public Builder connector(ClientHttpConnector connector) {
			this.connector = connector;
			return this;
		}

		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock");
			return this;
		}

		/**
		 * Builds the client.
		 * @return the client
		 * @throws IllegalStateException when no API key was given
		 */
		public ClaudeClient build() {
			if (this.apiKey == null || this.apiKey.isBlank()) {
				throw new IllegalStateException("An API key is required");
			}
			return new WebClientClaudeClient(this);
		}

	}

}
