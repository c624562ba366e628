package dev.clauderesilience.advisor;

/**
 * Advice to request a higher rate-limit tier: one dimension of one model group whose P95
 * per-minute usage over the window reached the warning fraction of its limit.
 *
 * @param modelGroup the model group ({@code opus}, {@code sonnet}, {@code haiku}, ...)
 * @param dimension the dimension: {@code requests}, {@code input_tokens} or {@code output_tokens}
 * @param p95 the 95th percentile of the per-minute usage over the window's busy minutes
 * @param limit the per-minute limit it is compared with (the API's, else the configured one)
 * @param utilization {@code p95 / limit}
 * @param message the advice in words, as logged
 * @since 0.1.0
 */
public record TierAdvice(String modelGroup, String dimension, long p95, long limit, double utilization,
		String message) {
}
