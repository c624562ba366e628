package dev.clauderesilience.advisor;

import dev.clauderesilience.metrics.LimitDimension;

/**
 * The per-minute limits the advisor watches, with the words its advice uses.
 */
enum AdvisedDimension {

	REQUESTS(LimitDimension.REQUESTS, "requests"),

	INPUT_TOKENS(LimitDimension.INPUT_TOKENS, "input tokens"),

	OUTPUT_TOKENS(LimitDimension.OUTPUT_TOKENS, "output tokens");

	final LimitDimension limit;

	final String words;

	AdvisedDimension(LimitDimension limit, String words) {
		this.limit = limit;
		this.words = words;
	}

}
