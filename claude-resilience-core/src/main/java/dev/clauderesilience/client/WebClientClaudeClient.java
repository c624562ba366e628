package dev.clauderesilience.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;


/**
 * The HTTP layer: one request, one answer, every outcome typed. No pacing, retry or breaker
 * here; the resilience pipeline decorates this.
 */
final class WebClientClaudeClient implements ClaudeClient, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(WebClientClaudeClient.class);

	private static final byte[] EMPTY = new byte[0];

	static final String USER_AGENT = "claude-resilience/" + libraryVersion() + " (Java "
			+ System.getProperty("java.version") + ")";

	private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
	};


	private final WebClient webClient;

	private final ApiVersion apiVersion;

	private final String defaultModel;

	private final Integer defaultMaxTokens;

	private final String apiKey;

	private final Clock clock;

	private final ConnectionProvider connections;

	private final int maxResponseSize;

	WebClientClaudeClient(ClaudeClient.Builder settings) {
		this.apiVersion = settings.apiVersion;
		this.defaultModel = settings.defaultModel;
		this.defaultMaxTokens = settings.defaultMaxTokens;
		this.apiKey = settings.apiKey;
		this.clock = settings.clock;
		this.maxResponseSize = settings.maxResponseSize;
		ClientHttpConnector connector = settings.connector;
		if (connector == null) {
			this.connections = ConnectionProvider.builder("claude-resilience")
				.maxConnections(settings.maxConnections)
				.pendingAcquireMaxCount(settings.maxPendingAcquires)
				.build();
			connector = new ReactorClientHttpConnector(HttpClient.create(this.connections)
				.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) millis(settings.connectTimeout, Integer.MAX_VALUE))
				.responseTimeout(Duration.ofMillis(millis(settings.responseTimeout, Long.MAX_VALUE))));
		}
		else {
			// the application's connector: its pool is the application's to close
			this.connections = null;
		}
		WebClient.Builder builder = (settings.webClientBuilder != null) ? settings.webClientBuilder.clone()
				: WebClient.builder();
		this.webClient = builder.baseUrl(settings.baseUrl)
			.clientConnector(connector)
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(settings.maxResponseSize))
			.defaultHeaders((headers) -> {
				// set, not add: exactly one of each whatever the application's builder holds
				headers.set("anthropic-version", settings.apiVersion.value());
				headers.set(HttpHeaders.USER_AGENT, USER_AGENT);
				removeHeaders(headers, "x-api-key", HttpHeaders.AUTHORIZATION);
				if (settings.authScheme == AuthScheme.BEARER) {
					headers.setBearerAuth(settings.apiKey);
				}
				else {
					headers.set("x-api-key", settings.apiKey);
				}
			})
			.build();
	}

	// Only methods Spring Framework 6.2 and 7 share, so that one jar serves both Spring Boot lines:
	// HttpHeaders is no longer a MultiValueMap in 7, and remove(Object) went with it.
	private static void removeHeaders(HttpHeaders headers, String... names) {
		Map<String, List<String>> kept = new LinkedHashMap<>();
		headers.forEach((name, values) -> {
			if (Arrays.stream(names).noneMatch(name::equalsIgnoreCase)) {
				kept.put(name, values);
			}
		});
		headers.clear();
		headers.putAll(kept);
	}

	/**
	 * Closes the connection pool.
	 */
	@Override
	public void close() {
		if (this.connections != null) {
			this.connections.dispose();
		}
	}

	@Override
	public Mono<ClaudeResponse> send(ClaudeRequest request) {
		return Mono.defer(() -> {
			ClaudeRequest complete = request.withDefaults(this.defaultModel, this.defaultMaxTokens);
			ClaudeRequestValidator.validate(complete, this.apiVersion, true);
			byte[] body = write(ClaudeJson.request(complete, false));
			return this.webClient.post()
				.uri("/v1/messages")
				.contentType(MediaType.APPLICATION_JSON)
				.accept(MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.exchangeToMono((response) -> readMessage(response));
		}).onErrorMap(this::toClaudeException);
	}

	@Override
	public Flux<ClaudeStreamEvent> stream(ClaudeRequest request) {
		return Flux.defer(() -> {
			ClaudeRequest complete = request.withDefaults(this.defaultModel, this.defaultMaxTokens);
			ClaudeRequestValidator.validate(complete, this.apiVersion, true);
			byte[] body = write(ClaudeJson.request(complete, true));
			return this.webClient.post()
				.uri("/v1/messages")
				.contentType(MediaType.APPLICATION_JSON)
				.accept(MediaType.TEXT_EVENT_STREAM)
				.bodyValue(body)
				.exchangeToFlux(this::readStream);
		}).onErrorMap(this::toClaudeException);
	}

	@Override
	public Mono<Integer> countTokens(ClaudeRequest request) {
		return Mono.defer(() -> {
			ClaudeRequest complete = request.withDefaults(this.defaultModel, this.defaultMaxTokens);
			ClaudeRequestValidator.validate(complete, this.apiVersion, false);
			byte[] body = write(ClaudeJson.countTokensRequest(complete));
			return this.webClient.post()
				.uri("/v1/messages/count_tokens")
				.contentType(MediaType.APPLICATION_JSON)
				.accept(MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.exchangeToMono((response) -> {
					RateLimitSnapshot rateLimits = snapshot(response);
					if (!response.statusCode().is2xxSuccessful()) {
						return readError(response, rateLimits);
					}
					return response.bodyToMono(String.class).defaultIfEmpty("").map((text) -> {
						JsonNode count = parse(text, rateLimits).get("input_tokens");
						if (count == null || !count.canConvertToInt()) {
							throw new ClaudeResponseFormatException(
									"count_tokens answer has no input_tokens (request-id " + rateLimits.requestId() + ")",
									rateLimits, null);
						}
						return count.asInt();
					});
				});
		}).onErrorMap(this::toClaudeException);
	}

	private Mono<ClaudeResponse> readMessage(ClientResponse response) {
		RateLimitSnapshot rateLimits = snapshot(response);
		if (!response.statusCode().is2xxSuccessful()) {
			return readError(response, rateLimits);
		}
		return response.bodyToMono(byte[].class).defaultIfEmpty(EMPTY).map((bytes) -> {
			JsonNode node = parse(bytes, rateLimits);
			try {
				return ClaudeJson.response(node, rateLimits);
			}
			catch (RuntimeException ex) {
				throw new ClaudeResponseFormatException("Claude API answered " + response.statusCode().value()
						+ " with a body that is not a message (" + ex.getMessage() + ", request-id "
						+ rateLimits.requestId() + ")", rateLimits, ex);
			}
		});
	}

	private Flux<ClaudeStreamEvent> readStream(ClientResponse response) {
		RateLimitSnapshot rateLimits = snapshot(response);
		if (!response.statusCode().is2xxSuccessful()) {
			return this.<ClaudeStreamEvent>readError(response, rateLimits).flux();
		}
		ClaudeStreamAccumulator received = new ClaudeStreamAccumulator();
		return response.bodyToFlux(SSE)
			.<ClaudeStreamEvent>concatMap((event) -> Mono.justOrEmpty(SseEventDecoder.decode(event, rateLimits, received)))
			.doOnNext(received::add)
			.concatWith(Mono.defer(() -> received.isComplete() ? Mono.<ClaudeStreamEvent>empty()
					: Mono.error(new ClaudeStreamException(ClaudeStreamException.INTERRUPTED,
							"the stream ended before message_stop", received.text(), received.hasContent(), rateLimits,
							null))))
			.onErrorMap((ex) -> !(ex instanceof ClaudeStreamException), (ex) -> new ClaudeStreamException(
					ClaudeStreamException.INTERRUPTED, describe(ex), received.text(), received.hasContent(), rateLimits, ex));
	}

	private <T> Mono<T> readError(ClientResponse response, RateLimitSnapshot rateLimits) {
		int status = response.statusCode().value();
		return response.bodyToMono(String.class).defaultIfEmpty("").flatMap((body) -> {
			ClaudeApiException error = ClaudeErrorMapper.map(status, scrub(body), rateLimits);
			logger.debug("Claude API answered {} {} (request-id {})", status, error.errorType(), rateLimits.requestId());
			return Mono.error(error);
		});
	}

	private RateLimitSnapshot snapshot(ClientResponse response) {
		// one view of the headers for all of them (asHttpHeaders makes a new one each time)
		HttpHeaders headers = response.headers().asHttpHeaders();
		return RateLimitSnapshot.parse(headers::getFirst, this.clock);
	}

	private JsonNode parse(String text, RateLimitSnapshot rateLimits) {
		return parse(text.getBytes(StandardCharsets.UTF_8), rateLimits);
	}

	// from the bytes as they came: no String of the whole answer on the way
	private JsonNode parse(byte[] bytes, RateLimitSnapshot rateLimits) {
		try {
			return ClaudeJson.MAPPER.readTree(bytes);
		}
		catch (IOException ex) {
			String reason = (ex instanceof JsonProcessingException json) ? json.getOriginalMessage() : ex.getMessage();
			throw new ClaudeResponseFormatException("Claude API answered with a body that is not valid JSON (" + reason
					+ ", request-id " + rateLimits.requestId() + ")", rateLimits, null);
		}
	}

	private static byte[] write(ObjectNode body) {
		try {
			return ClaudeJson.MAPPER.writeValueAsBytes(body);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Could not write request JSON", ex);
		}
	}

	private Throwable toClaudeException(Throwable ex) {
		if (ex instanceof ClaudeException) {
			return ex;
		}
		if (ex instanceof DataBufferLimitException) {
			return new ClaudeResponseFormatException("The Claude API's answer is larger than the " + this.maxResponseSize
					+ " bytes claude.max-response-size allows", RateLimitSnapshot.EMPTY, null);
		}
		if (isPoolExhausted(ex)) {
			return new ClaudeTransportException("No connection to the Claude API could be had: the client's "
					+ "connection pool is full (" + describe(ex) + "); see claude.connection-pool.*", false, true, ex);
		}
		return new ClaudeTransportException("Could not get an answer from the Claude API: " + describe(ex),
				isTimeout(ex), ex);
	}

	private String describe(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
		return scrub(root.getClass().getSimpleName() + ": " + message);
	}

	// Reactor Netty's pool exceptions live in a shaded, internal package: recognised by name
	private static boolean isPoolExhausted(Throwable ex) {
		for (Throwable t = ex; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			if (t.getClass().getSimpleName().startsWith("PoolAcquire")) {
				return true;
			}
		}
		return false;
	}

	// saturated: a timeout of any length, 200000d say, is a long one, never an overflow
	private static long millis(Duration duration, long max) {
		return (duration.compareTo(Duration.ofMillis(max)) >= 0) ? max : Math.max(0, duration.toMillis());
	}

	private static boolean isTimeout(Throwable ex) {
		for (Throwable t = ex; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			if (t instanceof ReadTimeoutException || t instanceof ConnectTimeoutException
					|| t instanceof TimeoutException) {
				return true;
			}
		}
		return false;
	}

	// Belt and braces: no text that leaves this class may carry the key, even if a server echoes it
	private String scrub(String text) {
		return (text == null || this.apiKey.isEmpty()) ? text : text.replace(this.apiKey, "[REDACTED]");
	}

	private static String libraryVersion() {
		try (InputStream in = WebClientClaudeClient.class
			.getResourceAsStream("/META-INF/claude-resilience/version.properties")) {
			if (in != null) {
				Properties properties = new Properties();
				properties.load(in);
				return properties.getProperty("version", "dev");
			}
		}
		catch (IOException ex) {
			// fall through
		}
		return "dev";
	}

}
