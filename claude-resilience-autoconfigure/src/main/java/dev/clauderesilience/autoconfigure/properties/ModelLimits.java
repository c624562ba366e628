package dev.clauderesilience.autoconfigure.properties;

import dev.clauderesilience.ratelimit.LimitSettings;

/**
 * Limits of one model group ({@code claude.limits.models.<model>.*}) or, at the top level
 * ({@code claude.limits.*}), of every group without its own.
 *
 * @since 0.2.0
 */
public class ModelLimits {

	/**
	 * Requests per minute; unset for no limit.
	 */
	private Long requestsPerMinute;

	/**
	 * Input tokens per minute (input plus cache-creation tokens; cache reads do not count);
	 * unset for no limit.
	 */
	private Long inputTokensPerMinute;

	/**
	 * Output tokens per minute; unset for no limit.
	 */
	private Long outputTokensPerMinute;

	/**
	 * Input plus output tokens per day, the client's own budget; unset for no limit.
	 */
	private Long tokensPerDay;

	public Long getRequestsPerMinute() {
		return this.requestsPerMinute;
	}

	public void setRequestsPerMinute(Long requestsPerMinute) {
		this.requestsPerMinute = requestsPerMinute;
	}

	public Long getInputTokensPerMinute() {
		return this.inputTokensPerMinute;
	}

	public void setInputTokensPerMinute(Long inputTokensPerMinute) {
		this.inputTokensPerMinute = inputTokensPerMinute;
	}

	public Long getOutputTokensPerMinute() {
		return this.outputTokensPerMinute;
	}

	public void setOutputTokensPerMinute(Long outputTokensPerMinute) {
		this.outputTokensPerMinute = outputTokensPerMinute;
	}

	public Long getTokensPerDay() {
		return this.tokensPerDay;
	}

	public void setTokensPerDay(Long tokensPerDay) {
		this.tokensPerDay = tokensPerDay;
	}

	/**
	 * Reports every invalid limit: each must be unset or positive.
	 * @param prefix the limits' prefix, e.g. {@code claude.limits.models.claude-haiku-4-5}
	 * @param problems where to report them
	 */
	public void validate(String prefix, PropertyProblems problems) {
		problems.positive(prefix + ".requests-per-minute", this.requestsPerMinute);
		problems.positive(prefix + ".input-tokens-per-minute", this.inputTokensPerMinute);
		problems.positive(prefix + ".output-tokens-per-minute", this.outputTokensPerMinute);
		problems.positive(prefix + ".tokens-per-day", this.tokensPerDay);
	}

	LimitSettings toSettings() {
		return new LimitSettings(this.requestsPerMinute, this.inputTokensPerMinute, this.outputTokensPerMinute,
				this.tokensPerDay);
	}

}
