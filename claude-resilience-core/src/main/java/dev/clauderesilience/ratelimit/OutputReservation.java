package dev.clauderesilience.ratelimit;

/**
 * How many output tokens a request reserves before it is sent; every mode settles the
 * reservation to the answer's real output afterwards, and an answer longer than its reservation
 * is debited the difference at once.
 *
 * @since 0.1.0
 */
public enum OutputReservation {

	/**
	 * Reserve a learned estimate per model group: the 95th percentile of the latest 100 answers'
	 * output, never above the request's max_tokens. Before 10 answers were seen: half of
	 * max_tokens before the first, then twice the longest so far. Fits the API's own accounting,
	 * which counts output tokens as they are generated.
	 */
	ADAPTIVE,

	/**
	 * Reserve the request's max_tokens: never over the output limit even if every answer runs to
	 * its end, but slow when answers are shorter (for accounts charged max_tokens up front).
	 */
	MAX_TOKENS,

	/** Reserve a fixed fraction of max_tokens ({@code claude.limits.output-estimate-fraction}). */
	ESTIMATE

}
