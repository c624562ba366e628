package dev.clauderesilience.web;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.codec.ServerSentEvent;

import dev.clauderesilience.client.ClaudeException;
import dev.clauderesilience.client.ClaudeResponse;
import dev.clauderesilience.client.ClaudeStreamAccumulator;
import dev.clauderesilience.client.ClaudeStreamEvent;
import dev.clauderesilience.client.LogSafe;

/**
 * Turns a {@code ClaudeClient.stream(...)} into server-sent events for a browser, on Spring MVC
 * and WebFlux alike (return the {@code Flux} from a controller method that produces
 * {@code text/event-stream}):
 * <ul>
 * <li>{@value #DELTA}: a piece of the answer's text, as it is generated;</li>
 * <li>{@value #DONE}: once, at the end: JSON {@code {"model":..., "stopReason":..., "usage":
 * {"inputTokens":..., "outputTokens":...}, "fallbackFrom":...}};</li>
 * <li>{@value #ERROR}: once, instead of {@value #DONE}, when the answer cannot be completed:
 * the calm {@code userMessage()} as data, never upstream text (the failure is logged).</li>
 * </ul>
 * Once the first event is sent the HTTP status is 200, so a failure can only be told in the
 * stream: this is how.
 *
 * @since 0.2.0
 */
public final class ClaudeServerSentEvents {

	/** The name of an event carrying a piece of text. */
	public static final String DELTA = "delta";

	/** The name of the final event of a complete answer. */
	public static final String DONE = "done";

	/** The name of the final event of a failed answer. */
	public static final String ERROR = "error";

	private static final Logger logger = LoggerFactory.getLogger(ClaudeServerSentEvents.class);

	private static final ObjectMapper json = new ObjectMapper();

	private ClaudeServerSentEvents() {
	}

	/**
	 * The events of a stream.
	 * @param stream what {@code ClaudeClient.stream(...)} returned
	 * @return the server-sent events, which never end in an error
	 */
	public static Flux<ServerSentEvent<String>> of(Flux<ClaudeStreamEvent> stream) {
		return Flux.defer(() -> {
			ClaudeStreamAccumulator accumulator = new ClaudeStreamAccumulator();
			return stream.doOnNext(accumulator::add)
				.<ServerSentEvent<String>>handle((event, sink) -> {
					if (event instanceof ClaudeStreamEvent.ContentBlockDelta delta
							&& delta.delta() instanceof ClaudeStreamEvent.TextDelta text) {
						sink.next(event(DELTA, text.text()));
					}
				})
				.concatWith(Mono.fromCallable(() -> event(DONE, done(accumulator.toResponse()))))
				.onErrorResume((ex) -> Mono.just(event(ERROR, calm(ex))));
		});
	}

	private static String done(ClaudeResponse response) throws JsonProcessingException {
		Map<String, Object> done = new LinkedHashMap<>();
		done.put("model", response.model());
		done.put("stopReason", response.stopReason());
		Map<String, Object> usage = new LinkedHashMap<>();
		usage.put("inputTokens", response.usage().inputTokens());
		usage.put("outputTokens", response.usage().outputTokens());
		done.put("usage", usage);
		if (response.isFallback()) {
			done.put("fallbackFrom", response.fallbackFrom());
		}
		return json.writeValueAsString(done);
	}

	private static String calm(Throwable failure) {
		if (failure instanceof ClaudeException ex) {
			logger.warn("A Claude stream failed: {}", LogSafe.text(ex.getMessage()));
			return ex.userMessage();
		}
		logger.error("A Claude stream failed unexpectedly", failure);
		return ClaudeException.UNAVAILABLE_MESSAGE;
	}

	// SSE readers drop one space after "data:" on every line and Spring writes none, so a piece's
	// own leading space (" world") would be lost without the one added here
	private static ServerSentEvent<String> event(String name, String data) {
		return ServerSentEvent.builder(" " + data.replace("\n", "\n ")).event(name).build();
	}

}
