package dev.clauderesilience.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.ChannelOption;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import dev.clauderesilience.test.ReplyGenerator.Piece;
import dev.clauderesilience.test.ReplyGenerator.Reply;
import dev.clauderesilience.test.ReplyGenerator.TextBlock;

/**
 * Answers one HTTP exchange: routing, authentication, validation, faults, limits, then the reply
 * as JSON or SSE. Every answer is journaled once, when it is decided.
 */
final class SimulatorHandler implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {

	private static final Logger logger = LoggerFactory.getLogger(SimulatorHandler.class);

	private static final String MESSAGES_PATH = "/v1/messages";

	private static final String COUNT_TOKENS_PATH = "/v1/messages/count_tokens";

	private static final String APPLICATION_JSON = "application/json";

	private static final String EVENT_STREAM = "text/event-stream; charset=utf-8";

	private static final String BAD_GATEWAY_HTML = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n"
			+ "<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n";

	private final ObjectMapper objectMapper = new ObjectMapper();

	private final MessageJson json = new MessageJson();

	private final ClaudeSimulator simulator;

	SimulatorHandler(ClaudeSimulator simulator) {
		this.simulator = simulator;
	}

	@Override
	public Publisher<Void> apply(HttpServerRequest request, HttpServerResponse response) {
		return request.receive()
			.aggregate()
			.asString(StandardCharsets.UTF_8)
			.defaultIfEmpty("")
			.flatMap((raw) -> Mono.defer(() -> respond(request, response, raw)))
			.onErrorResume((ex) -> {
				logger.warn("Claude simulator failed to answer {} {}", request.method(), request.uri(), ex);
				return Mono.empty();
			});
	}

	private Mono<Void> respond(HttpServerRequest request, HttpServerResponse response, String raw) {
		Exchange exchange = exchange(request, raw);
		boolean messages = MESSAGES_PATH.equals(exchange.path());
		boolean countTokens = COUNT_TOKENS_PATH.equals(exchange.path());
		if (!"POST".equals(exchange.method()) || !(messages || countTokens)) {
			return error(exchange, response, 404, "not_found_error", "Not found", null);
		}
		if (exchange.apiKey() == null || !exchange.apiKey().equals(this.simulator.apiKey())) {
			return error(exchange, response, 401, "authentication_error", "invalid x-api-key", null);
		}
		if (exchange.apiVersion() == null) {
			return error(exchange, response, 400, "invalid_request_error", "anthropic-version: header is required",
					null);
		}
		if (!RequestValidator.SUPPORTED_VERSIONS.contains(exchange.apiVersion())) {
			return error(exchange, response, 400, "invalid_request_error",
					"anthropic-version: unsupported version '" + exchange.apiVersion() + "'", null);
		}
		String invalid = RequestValidator.validate(exchange.body(), exchange.apiVersion(), messages);
		if (invalid != null) {
			return error(exchange, response, 400, "invalid_request_error", invalid, null);
		}
		if (!this.simulator.knowsModel(exchange.model())) {
			return error(exchange, response, 404, "not_found_error", "model: " + exchange.model(), null);
		}
		if (countTokens) {
			ObjectNode body = this.json.object().put("input_tokens", exchange.inputTokens());
			prepare(exchange, response, 200, APPLICATION_JSON, null);
			journal(exchange, 200, 0, null);
			return sendJson(response, body);
		}
		SimulatedFault fault = this.simulator.nextFault(exchange.model());
		return (fault != null) ? fault(exchange, response, fault) : answer(exchange, response, null);
	}

	private Mono<Void> fault(Exchange exchange, HttpServerResponse response, SimulatedFault fault) {
		return switch (fault.kind()) {
			case ERROR -> errorFault(exchange, response, fault);
			case SPEND_LIMIT -> {
				ObjectNode details = this.json.object().put("error_code", "enforced_spend_limit_reached");
				String message = "You have reached your specified workspace API usage limits. You will regain access on "
						+ fault.until() + " at 00:00 UTC.";
				yield error(exchange, response, 429, "rate_limit_error", message, details, fault, null);
			}
			case SPEND_LIMIT_INVALID_REQUEST -> error(exchange, response, 400, "invalid_request_error",
					"You have reached your specified API usage limits. You will regain access on " + fault.until()
							+ " at 00:00 UTC.",
					null, fault, null);
			case HTML_BAD_GATEWAY -> {
				prepare(exchange, response, 502, "text/html", fault);
				journal(exchange, 502, 0, fault);
				yield sendBytes(response, BAD_GATEWAY_HTML.getBytes(StandardCharsets.UTF_8));
			}
			case EMPTY_SERVICE_UNAVAILABLE -> {
				prepare(exchange, response, 503, "text/plain", fault);
				journal(exchange, 503, 0, fault);
				yield sendBytes(response, new byte[0]);
			}
			case CONNECTION_RESET -> {
				journal(exchange, 0, 0, fault);
				yield Mono.fromRunnable(() -> response.withConnection((connection) -> {
					connection.channel().config().setOption(ChannelOption.SO_LINGER, 0);
					connection.channel().close();
				}));
			}
			case DELAY -> Mono.delay(fault.duration()).then(Mono.defer(() -> answer(exchange, response, fault)));
			case ANSWER, DRIP -> answer(exchange, response, fault);
			case PINGS_ONLY -> pingsOnly(exchange, response, fault);
			case OVERSIZED_BODY -> oversizedBody(exchange, response, fault);
			case TRUNCATED_BODY -> {
				Reply reply = reply(exchange);
				byte[] whole = this.json.json(message(exchange, reply)).getBytes(StandardCharsets.UTF_8);
				prepare(exchange, response, 200, APPLICATION_JSON, fault);
				response.header("content-length", Integer.toString(whole.length));
				response.header("connection", "close");
				journal(exchange, 200, reply.outputTokens(), fault);
				yield response.sendByteArray(Mono.just(Arrays.copyOf(whole, whole.length / 2)))
					.then()
					.then(Mono.fromRunnable(() -> response.withConnection((connection) -> connection.dispose())));
			}
			case MID_STREAM_ERROR -> exchange.stream() ? midStreamError(exchange, response, fault)
					: error(exchange, response, 529, "overloaded_error", "Overloaded", null, fault, null);
		};
	}

	private Mono<Void> errorFault(Exchange exchange, HttpServerResponse response, SimulatedFault fault) {
		int status = fault.status();
		Long retryAfter = null;
		if (status == 429) {
			Duration duration = (fault.duration() != null) ? fault.duration() : Duration.ofSeconds(1);
			retryAfter = Math.max(1, (duration.toMillis() + 999) / 1000);
		}
		return error(exchange, response, status, ErrorTypes.typeOf(status), ErrorTypes.messageOf(status), null, fault,
				retryAfter);
	}

	private Mono<Void> answer(Exchange exchange, HttpServerResponse response, SimulatedFault fault) {
		Instant now = this.simulator.clock().instant();
		ModelGroupLimiter limiter = this.simulator.limiter(exchange.model());
		ModelGroupLimiter.Admission admission = limiter.admit(exchange.inputTokens(), now);
		if (!admission.allowed()) {
			return error(exchange, response, 429, "rate_limit_error",
					"This request would exceed the rate limit for your organization of the model group '"
							+ ClaudeSimulator.modelGroup(exchange.model()) + "'. Please retry after the time in the retry-after header.",
					null, fault, admission.retryAfterSeconds());
		}
		Reply reply = reply(exchange);
		journal(exchange, 200, reply.outputTokens(), fault);
		if (fault != null && fault.kind() == SimulatedFault.Kind.DRIP) {
			return drip(exchange, response, fault, reply, limiter);
		}
		Duration perToken = this.simulator.generationDelayPerToken();
		Mono<Void> debit = Mono
			.fromRunnable(() -> limiter.debitOutput(reply.outputTokens(), this.simulator.clock().instant()));
		if (exchange.stream()) {
			prepareStream(exchange, response, fault);
			Flux<String> events = Flux.fromIterable(this.json.events(exchange.answering(), reply))
				.concatMap((event) -> {
					Duration delay = perToken.multipliedBy(event.outputTokens());
					return delay.isZero() ? Mono.just(event.text()) : Mono.delay(delay).thenReturn(event.text());
				});
			return response.sendString(Flux.concat(events, debit.then(Mono.fromCallable(() -> this.json.end(reply)))))
				.then();
		}
		prepare(exchange, response, 200, APPLICATION_JSON, fault);
		Mono<Void> generation = perToken.isZero() ? Mono.empty()
				: Mono.delay(perToken.multipliedBy(reply.outputTokens())).then();
		return generation.then(debit).then(Mono.defer(() -> sendJson(response, message(exchange, reply))));
	}

	private Mono<Void> drip(Exchange exchange, HttpServerResponse response, SimulatedFault fault, Reply reply,
			ModelGroupLimiter limiter) {
		limiter.debitOutput(reply.outputTokens(), this.simulator.clock().instant());
		byte[] body;
		if (exchange.stream()) {
			prepareStream(exchange, response, fault);
			StringBuilder events = new StringBuilder();
			this.json.events(exchange.answering(), reply).forEach((event) -> events.append(event.text()));
			body = events.append(this.json.end(reply)).toString().getBytes(StandardCharsets.UTF_8);
		}
		else {
			prepare(exchange, response, 200, APPLICATION_JSON, fault);
			body = this.json.json(message(exchange, reply)).getBytes(StandardCharsets.UTF_8);
			response.header("content-length", Integer.toString(body.length));
		}
		return response.sendByteArray(Drip.pieces(body, fault.duration())).then();
	}

	private Mono<Void> pingsOnly(Exchange exchange, HttpServerResponse response, SimulatedFault fault) {
		journal(exchange, 200, 0, fault);
		Mono<Void> closeWhenStopped = this.simulator.stopped()
			.then(Mono.fromRunnable(() -> response.withConnection((connection) -> connection.dispose())));
		if (exchange.stream()) {
			prepareStream(exchange, response, fault);
			String ping = this.json.ping();
			Flux<String> pings = Flux.interval(fault.duration()).map((tick) -> ping);
			return response
				.sendString(Flux.concat(Mono.just(this.json.messageStart(exchange.answering())), pings)
					.takeUntilOther(this.simulator.stopped()))
				.then()
				.then(closeWhenStopped);
		}
		prepare(exchange, response, 200, APPLICATION_JSON, fault);
		return response.sendHeaders().then().then(closeWhenStopped);
	}

	private Mono<Void> oversizedBody(Exchange exchange, HttpServerResponse response, SimulatedFault fault) {
		Reply placeholder = new Reply(List.of(new TextBlock(List.of(OversizedMessage.TEXT))), "end_turn");
		OversizedMessage message = OversizedMessage.of(fault.bytes(), (outputTokens) -> {
			ObjectNode json = message(exchange, placeholder);
			((ObjectNode) json.path("usage")).put("output_tokens", outputTokens);
			return this.json.json(json);
		});
		prepare(exchange, response, 200, APPLICATION_JSON, fault);
		response.header("content-length", Long.toString(message.length()));
		journal(exchange, 200, message.outputTokens(), fault);
		return response.sendByteArray(message.pieces()).then();
	}

	private Mono<Void> midStreamError(Exchange exchange, HttpServerResponse response, SimulatedFault fault) {
		List<Piece> events = this.json.events(exchange.answering(), reply(exchange));
		prepareStream(exchange, response, fault);
		response.header("connection", "close");
		journal(exchange, 200, 0, fault);
		// the start and the first two deltas, then the error
		StringBuilder frames = new StringBuilder();
		events.stream().limit(3).forEach((event) -> frames.append(event.text()));
		frames.append(this.json.frame("error", this.json.error("overloaded_error", "Overloaded", null, null)));
		return response.sendString(Mono.just(frames.toString())).then();
	}

	private Mono<Void> error(Exchange exchange, HttpServerResponse response, int status, String type, String message,
			ObjectNode details) {
		return error(exchange, response, status, type, message, details, null, null);
	}

	private Mono<Void> error(Exchange exchange, HttpServerResponse response, int status, String type, String message,
			ObjectNode details, SimulatedFault fault, Long retryAfterSeconds) {
		if (retryAfterSeconds != null) {
			response.header("retry-after", Long.toString(retryAfterSeconds));
		}
		prepare(exchange, response, status, APPLICATION_JSON, fault);
		journal(exchange, status, 0, fault);
		return sendJson(response, this.json.error(type, message, details, exchange.requestId()));
	}

	/**
	 * Sets the status and the headers of every answer; the fault's headers come last, to replace
	 * the simulator's own.
	 */
	private void prepare(Exchange exchange, HttpServerResponse response, int status, String contentType,
			SimulatedFault fault) {
		response.status(status);
		response.header("content-type", contentType);
		response.header("request-id", exchange.requestId());
		Map<String, String> headers = this.simulator.limiter(exchange.model())
			.headers(this.simulator.clock().instant(), this.simulator.roundTokenRemaining());
		headers.forEach(response::header);
		if (fault != null) {
			fault.headers().forEach(response::header);
		}
	}

	private void prepareStream(Exchange exchange, HttpServerResponse response, SimulatedFault fault) {
		prepare(exchange, response, 200, EVENT_STREAM, fault);
		response.header("cache-control", "no-cache");
	}

	private void journal(Exchange exchange, int status, long outputTokens, SimulatedFault fault) {
		this.simulator.record(new JournalEntry(exchange.time(), exchange.method(), exchange.path(), exchange.model(),
				exchange.stream(), exchange.apiVersion(), exchange.authScheme(), exchange.userAgent(),
				exchange.anthropicBeta(), exchange.inputTokens(), outputTokens, status, exchange.requestId(),
				exchange.body(), fault));
	}

	private Mono<Void> sendJson(HttpServerResponse response, JsonNode body) {
		return sendBytes(response, this.json.json(body).getBytes(StandardCharsets.UTF_8));
	}

	private Mono<Void> sendBytes(HttpServerResponse response, byte[] bytes) {
		response.header("content-length", Integer.toString(bytes.length));
		return response.sendByteArray(Mono.just(bytes)).then();
	}

	private Reply reply(Exchange exchange) {
		return this.simulator.replyGenerator()
			.generate(exchange.body(), exchange.body().path("max_tokens").asLong(1),
					() -> this.simulator.nextId("toolu_sim_"));
	}

	private ObjectNode message(Exchange exchange, Reply reply) {
		return this.json.message(exchange.answering(), reply);
	}

	private Exchange exchange(HttpServerRequest request, String raw) {
		JsonNode body = MissingNode.getInstance();
		if (!raw.isBlank()) {
			try {
				body = this.objectMapper.readTree(raw);
			}
			catch (Exception ex) {
				body = MissingNode.getInstance();
			}
		}
		String uri = request.uri();
		int query = uri.indexOf('?');
		String path = (query < 0) ? uri : uri.substring(0, query);
		String apiKey = request.requestHeaders().get("x-api-key");
		String authScheme = JournalEntry.AUTH_X_API_KEY;
		if (apiKey == null) {
			String authorization = request.requestHeaders().get("authorization");
			if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
				apiKey = authorization.substring(7).trim();
				authScheme = JournalEntry.AUTH_BEARER;
			}
			else {
				authScheme = JournalEntry.AUTH_NONE;
			}
		}
		JsonNode model = body.get("model");
		return new Exchange(this.simulator.nextId("req_sim_"), this.simulator.nextId("msg_sim_"),
				this.simulator.clock().instant(), request.method().name(), path, authScheme, apiKey,
				request.requestHeaders().get("anthropic-version"), request.requestHeaders().get("user-agent"),
				request.requestHeaders().get("anthropic-beta"), body,
				(model != null && model.isTextual()) ? model.textValue() : null, body.path("stream").asBoolean(false),
				TokenEstimator.estimate(body));
	}

	private record Exchange(String requestId, String messageId, Instant time, String method, String path,
			String authScheme, String apiKey, String apiVersion, String userAgent, String anthropicBeta, JsonNode body,
			String model, boolean stream, long inputTokens) {

		MessageJson.Answering answering() {
			return new MessageJson.Answering(this.messageId, this.model, this.inputTokens);
		}

	}

}
