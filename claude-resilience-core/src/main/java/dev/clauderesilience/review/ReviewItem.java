package dev.clauderesilience.review;

import java.time.Instant;

/**
 * An input the API refused (403), anonymised, waiting for a human to look at it.
 *
 * @param receivedAt when it was refused
 * @param model the model that refused it
 * @param requestId the API's request id, for support
 * @param input the anonymised input text
 * @since 0.1.0
 */
public record ReviewItem(Instant receivedAt, String model, String requestId, String input) {
}
