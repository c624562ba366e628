package dev.clauderesilience.springai;

import java.time.Duration;
import java.time.Instant;

import org.springframework.ai.chat.metadata.RateLimit;

import dev.clauderesilience.client.RateLimitSnapshot;

/**
 * What an answer's {@code anthropic-ratelimit-*} headers said, as Spring AI's {@link RateLimit}:
 * the requests limit, and the most restrictive token limit in effect ({@code tokens-*}). A value
 * the headers did not carry is {@code null}; resets are durations from when the answer arrived.
 */
record ClaudeRateLimit(RateLimitSnapshot snapshot) implements RateLimit {

	@Override
	public Long getRequestsLimit() {
		return this.snapshot.requests().limit();
	}

	@Override
	public Long getRequestsRemaining() {
		return this.snapshot.requests().remaining();
	}

	@Override
	public Duration getRequestsReset() {
		return untilReset(this.snapshot.requests());
	}

	@Override
	public Long getTokensLimit() {
		return this.snapshot.tokens().limit();
	}

	@Override
	public Long getTokensRemaining() {
		return this.snapshot.tokens().remaining();
	}

	@Override
	public Duration getTokensReset() {
		return untilReset(this.snapshot.tokens());
	}

	private Duration untilReset(RateLimitSnapshot.Limit limit) {
		Instant receivedAt = this.snapshot.receivedAt();
		if (limit.reset() == null || receivedAt == null) {
			return null;
		}
		Duration wait = Duration.between(receivedAt, limit.reset());
		return wait.isNegative() ? Duration.ZERO : wait;
	}

}
