package dev.clauderesilience.sample;

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
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.web.ClaudeServerSentEvents;

/**
 * The sample's HTTP API: a chat call, and the same call streamed as server-sent events. Failures
 * of {@code /api/chat} become problem details in the starter's handler.
 */
@RestController
@RequestMapping("/api")
class ChatController {

	private final ClaudeClient client;

	ChatController(ClaudeClient client) {
		this.client = client;
	}

	@PostMapping("/chat")
	Mono<ChatResponse> chat(@RequestBody ChatRequest body) {
		return this.client.send(toClaudeRequest(body)).map(ChatResponse::from);
	}

	/**
	 * Streams {@code delta} events, then one {@code done} event, or one {@code error} event with
	 * the calm message if the answer breaks off (see {@link ClaudeServerSentEvents}).
	 */
	@PostMapping(path = "/chat/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<String>> stream(@RequestBody ChatRequest body) {
		return ClaudeServerSentEvents.of(this.client.stream(toClaudeRequest(body)));
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

}
