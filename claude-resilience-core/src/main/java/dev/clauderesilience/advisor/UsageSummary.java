package dev.clauderesilience.advisor;

import java.util.List;

/**
 * One model group's usage over the advisor's window.
 *
 * @param busyMinutes the completed minutes of the window that had traffic, oldest first
 * @param requestsP95 the 95th percentile of requests per busy minute
 * @param inputTokensP95 the 95th percentile of input tokens per busy minute
 * @param outputTokensP95 the 95th percentile of output tokens per busy minute
 * @since 0.1.0
 */
public record UsageSummary(List<MinuteUsage> busyMinutes, long requestsP95, long inputTokensP95,
		long outputTokensP95) {

	long p95(AdvisedDimension dimension) {
		return switch (dimension) {
			case REQUESTS -> this.requestsP95;
			case INPUT_TOKENS -> this.inputTokensP95;
			case OUTPUT_TOKENS -> this.outputTokensP95;
		};
	}

}
