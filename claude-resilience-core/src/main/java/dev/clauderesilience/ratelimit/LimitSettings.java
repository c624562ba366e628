package dev.clauderesilience.ratelimit;

/**
 * The client-side limits of one model group; {@code null} means not limited.
 *
 * @param requestsPerMinute requests per minute
 * @param inputTokensPerMinute input tokens per minute (input plus cache-creation tokens)
 * @param outputTokensPerMinute output tokens per minute
 * @param tokensPerDay input plus output tokens per day
 * @since 0.1.0
 */
public record LimitSettings(Long requestsPerMinute, Long inputTokensPerMinute, Long outputTokensPerMinute,
		Long tokensPerDay) {

	/** No limits. */
	public static final LimitSettings NONE = new LimitSettings(null, null, null, null);

	/**
	 * These settings with the unset values taken from defaults.
	 * @param defaults the fallback values
	 * @return the merged settings
	 */
	public LimitSettings orElse(LimitSettings defaults) {
		return new LimitSettings(pick(this.requestsPerMinute, defaults.requestsPerMinute),
				pick(this.inputTokensPerMinute, defaults.inputTokensPerMinute),
				pick(this.outputTokensPerMinute, defaults.outputTokensPerMinute), pick(this.tokensPerDay, defaults.tokensPerDay));
	}

	private static Long pick(Long value, Long fallback) {
		return (value != null) ? value : fallback;
	}

}
