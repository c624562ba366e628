package dev.clauderesilience.test;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The three buckets (RPM, ITPM, OTPM) of one model group, checked and debited together.
 */
final class ModelGroupLimiter {

	static final long UNLIMITED_REQUESTS = 1_000_000;

	static final long UNLIMITED_TOKENS = 1_000_000_000;

	private final TokenBucket requests;

	private final TokenBucket inputTokens;

	private final TokenBucket outputTokens;

	ModelGroupLimiter(SimulatedLimits limits, Instant now) {
		this.requests = new TokenBucket(limits.requestsPerMinute(), limits.burst(), 1, UNLIMITED_REQUESTS, now);
		this.inputTokens = new TokenBucket(limits.inputTokensPerMinute(), limits.burst(), 1, UNLIMITED_TOKENS, now);
		this.outputTokens = new TokenBucket(limits.outputTokensPerMinute(), limits.burst(), 1, UNLIMITED_TOKENS, now);
	}

	/**
	 * Admits a request needing one request slot and {@code input} tokens; the output bucket
	 * only has to be non-negative because output is debited when generated.
	 */
	synchronized Admission admit(long input, Instant now) {
		refill(now);
		double wait = 0;
		boolean allowed = true;
		if (!this.requests.has(1)) {
			allowed = false;
			wait = Math.max(wait, this.requests.secondsUntil(1));
		}
		if (!this.inputTokens.has(input)) {
			allowed = false;
			wait = Math.max(wait, this.inputTokens.secondsUntil(input));
		}
		if (!this.outputTokens.has(0)) {
			allowed = false;
			wait = Math.max(wait, this.outputTokens.secondsUntil(0));
		}
		if (allowed) {
			this.requests.take(1);
			this.inputTokens.take(input);
			return new Admission(true, 0);
		}
		return new Admission(false, Math.max(1, (long) Math.ceil(wait - 1e-9)));
	}

	synchronized void debitOutput(long tokens, Instant now) {
		refill(now);
		this.outputTokens.take(tokens);
	}

	synchronized void fill(Instant now) {
		this.requests.fill(now);
		this.inputTokens.fill(now);
		this.outputTokens.fill(now);
	}

	synchronized Map<String, String> headers(Instant now, boolean roundTokenRemaining) {
		refill(now);
		Map<String, String> headers = new LinkedHashMap<>();
		put(headers, "requests", this.requests, now, false);
		put(headers, "input-tokens", this.inputTokens, now, roundTokenRemaining);
		put(headers, "output-tokens", this.outputTokens, now, roundTokenRemaining);
		TokenBucket tightest = (remaining(this.outputTokens) < remaining(this.inputTokens)) ? this.outputTokens
				: this.inputTokens;
		put(headers, "tokens", tightest, now, roundTokenRemaining);
		return headers;
	}

	private void refill(Instant now) {
		this.requests.refill(now);
		this.inputTokens.refill(now);
		this.outputTokens.refill(now);
	}

	private static long remaining(TokenBucket bucket) {
		return bucket.unlimited() ? bucket.limitPerMinute() : Math.max(0, (long) Math.floor(bucket.level()));
	}

	private static void put(Map<String, String> headers, String name, TokenBucket bucket, Instant now, boolean round) {
		long remaining = remaining(bucket);
		if (round) {
			remaining = Math.round(remaining / 1000.0) * 1000;
		}
		Instant reset = bucket.fullAt(now);
		Instant resetSeconds = reset.truncatedTo(ChronoUnit.SECONDS);
		if (resetSeconds.isBefore(reset)) {
			resetSeconds = resetSeconds.plusSeconds(1);
		}
		String prefix = "anthropic-ratelimit-" + name + "-";
		headers.put(prefix + "limit", Long.toString(bucket.limitPerMinute()));
		headers.put(prefix + "remaining", Long.toString(remaining));
		headers.put(prefix + "reset", DateTimeFormatter.ISO_INSTANT.format(resetSeconds));
	}

	record Admission(boolean allowed, long retryAfterSeconds) {
	}

}
