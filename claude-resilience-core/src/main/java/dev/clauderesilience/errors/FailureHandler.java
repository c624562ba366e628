package dev.clauderesilience.errors;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;

import dev.clauderesilience.client.ClaudeApiException;
import dev.clauderesilience.client.ClaudeFailureClassifier;
import dev.clauderesilience.client.ClaudeJsonFormat;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ContentBlock;
import dev.clauderesilience.client.Message;
import dev.clauderesilience.review.ClaudeContentRejectedEvent;
import dev.clauderesilience.review.InputAnonymizer;
import dev.clauderesilience.review.ReviewItem;
import dev.clauderesilience.review.ReviewQueue;

/**
 * What happens to a call's final failure besides reaching the caller, by its
 * {@link ClaudeFailureClassifier class}: a rejected request (400, 413) is logged once with the
 * request (texts truncated, never the key), a failed authentication (401) goes to the
 * {@link AuthenticationGuard}, a refused content's (403) input goes, anonymised, to the
 * {@link ReviewQueue}, the spend cap is logged at ERROR at most once a minute.
 *
 * @since 0.1.0
 */
public final class FailureHandler {

	private static final Logger logger = LoggerFactory.getLogger(FailureHandler.class);

	private static final ObjectMapper json = new ObjectMapper();

	private final AuthenticationGuard authenticationGuard;

	private final ReviewQueue reviewQueue;

	private final InputAnonymizer anonymizer;

	private final ApplicationEventPublisher events;

	private final int maxLoggedTextLength;

	private final Clock clock;

	private final ClaudeFailureClassifier classifier;

	private final AtomicReference<Instant> spendCapLoggedAt = new AtomicReference<>(Instant.EPOCH);

	/**
	 * A handler.
	 * @param authenticationGuard the 401 guard
	 * @param reviewQueue where refused inputs go
	 * @param anonymizer masks personal data before review
	 * @param events where events are published, or {@code null}
	 * @param maxLoggedTextLength the longest text logged with a rejected request
	 * @param clock the clock
	 * @param classifier decides which failures are logged, alerted or reviewed
	 */
	public FailureHandler(AuthenticationGuard authenticationGuard, ReviewQueue reviewQueue, InputAnonymizer anonymizer,
			ApplicationEventPublisher events, int maxLoggedTextLength, Clock clock, ClaudeFailureClassifier classifier) {
		this.classifier = classifier;
		this.authenticationGuard = authenticationGuard;
		this.reviewQueue = reviewQueue;
		this.anonymizer = anonymizer;
		this.events = events;
		this.maxLoggedTextLength = maxLoggedTextLength;
		this.clock = clock;
	}

	/**
	 * Handles a call's final failure.
	 * @param request the request as it was sent (its model may be a fallback's)
	 * @param failure the failure
	 */
	public void handle(ClaudeRequest request, Throwable failure) {
		if (!(failure instanceof ClaudeApiException ex)) {
			return;
		}
		switch (this.classifier.classify(failure).kind()) {
			case INVALID_REQUEST, REQUEST_TOO_LARGE -> logger.warn(
					"The Claude API rejected a request ({} {}, request-id {}): {}. Not retried. Request: {}", ex.status(),
					ex.errorType(), ex.requestId(), ex.upstreamMessage(), truncated(request));
			case SPEND_CAP -> logSpendCap(ex);
			case AUTHENTICATION -> this.authenticationGuard.failed(ex);
			case CONTENT_REFUSED -> review(request, ex);
			default -> {
			}
		}
	}

	private void logSpendCap(ClaudeApiException ex) {
		Instant now = this.clock.instant();
		Instant logged = this.spendCapLoggedAt.get();
		if (!now.isBefore(logged.plus(Duration.ofMinutes(1))) && this.spendCapLoggedAt.compareAndSet(logged, now)) {
			Object regainsAt = (ex instanceof ClaudeApiException.SpendCap cap && cap.regainsAt() != null)
					? cap.regainsAt() : "the date the API gives";
			logger.error("The Claude API account's spend cap is reached ({} {}, request-id {}): every call fails "
					+ "until {}. Raise the limit in the Anthropic console.", ex.status(), ex.errorType(), ex.requestId(),
					regainsAt);
		}
	}

	private void review(ClaudeRequest request, ClaudeApiException ex) {
		ReviewItem item = new ReviewItem(this.clock.instant(), request.model(), ex.requestId(),
				this.anonymizer.anonymize(inputText(request)));
		this.reviewQueue.submit(item);
		if (this.events != null) {
			this.events.publishEvent(new ClaudeContentRejectedEvent(this, item));
		}
		logger.info("The Claude API refused an input ({}, request-id {}); it went to the review queue", ex.status(),
				ex.requestId());
	}

	/**
	 * Records that the key works again.
	 */
	public void authenticated() {
		this.authenticationGuard.succeeded();
	}

	private static String inputText(ClaudeRequest request) {
		StringBuilder text = new StringBuilder();
		if (!request.systemText().isEmpty()) {
			text.append("[system] ").append(request.systemText()).append('\n');
		}
		for (Message message : request.messages()) {
			for (ContentBlock block : message.content()) {
				if (block instanceof ContentBlock.Text t && t.text() != null) {
					text.append('[').append(message.role()).append("] ").append(t.text()).append('\n');
				}
			}
		}
		return text.toString().trim();
	}

	private String truncated(ClaudeRequest request) {
		try {
			return json.writeValueAsString(truncate(json.readTree(ClaudeJsonFormat.request(request))));
		}
		catch (Exception ex) {
			return "(request not printable: " + ex.getClass().getSimpleName() + ")";
		}
	}

	private JsonNode truncate(JsonNode node) {
		if (node.isTextual() && node.asText().length() > this.maxLoggedTextLength) {
			String text = node.asText();
			return TextNode.valueOf(text.substring(0, this.maxLoggedTextLength) + "...(" + text.length() + " chars)");
		}
		if (node.isObject()) {
			ObjectNode object = (ObjectNode) node;
			object.fieldNames().forEachRemaining((name) -> object.set(name, truncate(object.get(name))));
		}
		else if (node.isArray()) {
			ArrayNode array = (ArrayNode) node;
			for (int i = 0; i < array.size(); i++) {
				array.set(i, truncate(array.get(i)));
			}
		}
		return node;
	}

}
