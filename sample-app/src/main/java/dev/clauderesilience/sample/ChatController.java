package dev.clauderesilience.sample;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import dev.clauderesilience.client.ClaudeClient;
import dev.clauderesilience.client.ClaudeException;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeResponse;
import dev.clauderesilience.client.ClaudeStreamAccumulator;
import dev.clauderesilience.client.ClaudeStreamEvent;

/**
 * The sample's HTTP API: a chat call, and the same call streamed as server-sent events. Failures of {@code /api/chat} become problem details in the starter's handler.
 */
@RestController
@RequestMapping("/api")
class ChatController {

	private static final Log logger = LogFactory.getLog(ChatController.class);

	private final ClaudeClient client;

	private final ObjectMapper objectMapper;

	ChatController(ClaudeClient client, ObjectMapper objectMapper) {
		this.client = client;
		this.objectMapper = objectMapper;
	}

	@PostMapping("/chat")
	Mono<ChatResponse> chat(@RequestBody ChatRequest body) {
		return this.client.send(toClaudeRequest(body)).map(ChatResponse::from);
	}

	/**
	 * Streams {@code delta} events, then one {@code done} event, or one {@code error} event if
	 * the answer breaks off: once the 200 has been sent, a failure can only be told in the
	 * stream.
	 */
	@PostMapping(path = "/chat/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<String>> stream(@RequestBody ChatRequest body) {
		ClaudeRequest request = toClaudeRequest(body);
		return Flux.defer(() -> {
			ClaudeStreamAccumulator accumulator = new ClaudeStreamAccumulator();
			return this.client.stream(request)
				.doOnNext(accumulator::add)
				.<ServerSentEvent<String>>handle((event, sink) -> {
					if (event instanceof ClaudeStreamEvent.ContentBlockDelta delta
							&& delta.delta() instanceof ClaudeStreamEvent.TextDelta text) {
						sink.next(event("delta", text.text()));
					}
				})
				.concatWith(Mono.fromCallable(() -> done(accumulator.toResponse())))
				.onErrorResume((ex) -> Mono.just(error(ex)));
		});
	}

	private static ClaudeRequest toClaudeRequest(ChatRequest body) {
		if (body.prompt() == null || body.prompt().isBlank()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "The field 'prompt' must not be blank.");
		}
		if (body.maxTokens() != null && body.maxTokens() < 1) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "The field 'maxTokens' must be at least 1.");
		}
		return ClaudeRequest.builder()
			.model(body.model())
			.maxTokens(body.maxTokens())
			.system(body.system())
			.user(body.prompt())
			.cacheable(Boolean.TRUE.equals(body.cacheable()))
			.priority(priority(body.priority()))
			.tenant(body.tenant())
			.build();
	}

	private static ClaudeRequest.Priority priority(String priority) {
		if (priority == null || priority.equals("interactive")) {
			return ClaudeRequest.Priority.INTERACTIVE;
		}
		if (priority.equals("batch")) {
			return ClaudeRequest.Priority.BATCH;
		}
		throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
				"The field 'priority' must be \"interactive\" or \"batch\".");
	}

	private ServerSentEvent<String> done(ClaudeResponse response) throws JsonProcessingException {
		StreamUsage usage = new StreamUsage(response.usage().inputTokens(), response.usage().outputTokens());
		return event("done", this.objectMapper.writeValueAsString(new StreamDone(response.model(), usage)));
	}

	private static ServerSentEvent<String> error(Throwable ex) {
		if (ex instanceof ClaudeException claudeException) {
			logger.warn("Claude stream failed: " + ex.getMessage());
			return event("error", claudeException.userMessage());
		}
		logger.error("Chat stream failed unexpectedly", ex);
		return event("error", ClaudeException.UNAVAILABLE_MESSAGE);
	}

	/**
	 * An event whose data the client reads back exactly: SSE readers drop one space after
	 * {@code data:} on every line, and Spring writes none, so a leading space of a text piece
	 * (" world") would be lost without the one added here.
	 */
	private static ServerSentEvent<String> event(String name, String data) {
		return ServerSentEvent.builder(" " + data.replace("\n", "\n ")).event(name).build();
	}

	record StreamDone(String model, StreamUsage usage) {
	}

	record StreamUsage(int inputTokens, int outputTokens) {
	}

}
