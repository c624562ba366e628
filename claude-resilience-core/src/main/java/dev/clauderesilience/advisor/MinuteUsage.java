package dev.clauderesilience.advisor;

import java.time.Instant;

/**
 * What one model group used in one minute, as the API's per-minute limits count it.
 *
 * @param minute the start of the minute
 * @param requests the requests answered
 * @param inputTokens the input tokens (input plus cache-creation tokens; cache reads do not
 * count toward the limit)
 * @param outputTokens the output tokens
 * @since 0.1.0
 */
public record MinuteUsage(Instant minute, long requests, long inputTokens, long outputTokens) {

	long get(AdvisedDimension dimension) {
		return switch (dimension) {
			case REQUESTS -> this.requests;
			case INPUT_TOKENS -> this.inputTokens;
			case OUTPUT_TOKENS -> this.outputTokens;
		};
	}

}
