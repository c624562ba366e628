package dev.clauderesilience.ratelimit;

/**
 * How many output tokens a request reserves before it is sent; either way the reservation is
 * settled to the answer's real output afterwards.
 *
 * @since 0.1.0
 */
public enum OutputReservation {

	/** Reserve the request's max_tokens: never over the output limit, slower when answers are short. */
	MAX_TOKENS,

	/** Reserve a fraction of max_tokens ({@code claude.limits.output-estimate-fraction}). */
	ESTIMATE

}
