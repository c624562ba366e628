package dev.clauderesilience.retry;

import java.time.Duration;

import dev.clauderesilience.breaker.ClaudeCircuitOpenException;
import dev.clauderesilience.client.ClaudeApiException;
import dev.clauderesilience.client.ClaudeException;
import dev.clauderesilience.client.ClaudeStreamException;

/**
 * The one place that decides whether a failed attempt is tried again and how long to wait
 * first. The backoff itself (1 s doubling to 60 s, with jitter, by default) is the Resilience4j
 * {@code Retry}'s; this policy only lengthens it to honour the server.
 *
 * @since 0.1.0
 */
public final class ClaudeRetryPolicy {

	private final Duration maxPause;

	/**
	 * A policy that waits at most a minute for the server.
	 */
	public ClaudeRetryPolicy() {
		this(Duration.ofSeconds(60));
	}

	/**
	 * A policy.
	 * @param maxPause the longest server-asked wait ({@code retry-after}) worth waiting for; a
	 * failure that asks for longer is not retried, so that a fallback model can answer at once
	 */
	public ClaudeRetryPolicy(Duration maxPause) {
		this.maxPause = maxPause;
	}

	/**
	 * Whether a failure may be retried.
	 * @param failure what the attempt failed with
	 * @return {@code true} to try again
	 */
	public boolean shouldRetry(Throwable failure) {
		if (!(failure instanceof ClaudeException ex)) {
			// not an API outcome but a bug or a cancellation: retrying would hide it
			return false;
		}
		if (ex instanceof ClaudeCircuitOpenException) {
			// the breaker exists to stop calls; retrying would just wait for it
			return false;
		}
		if (ex instanceof ClaudeStreamException stream && stream.contentReceived()) {
			// the caller already has part of the answer: a new attempt would repeat it
			return false;
		}
		if (ex instanceof ClaudeApiException.SpendCap) {
			// the monthly spend cap holds until the date in the message, whatever headers say
			return false;
		}
		if (ex.retryAfter().filter((wait) -> wait.compareTo(this.maxPause) > 0).isPresent()) {
			// the server asks for longer than is worth waiting: fail now, another model may answer
			return false;
		}
		Boolean serverSays = ex.rateLimits().shouldRetry();
		if (serverSays != null && ex instanceof ClaudeApiException) {
			// x-should-retry is the server's own verdict and overrides the status table
			return serverSays;
		}
		// otherwise the error table: 409, 429, 5xx, 529, transport and malformed bodies
		return ex.isRetryable();
	}

	/**
	 * How long to wait before the next attempt: the larger of the backoff and the server's
	 * {@code retry-after-ms} / {@code retry-after}, so a 429 is never retried early.
	 * @param failure what the attempt failed with
	 * @param backoff the backoff for this attempt
	 * @return the wait
	 */
	public Duration waitBefore(Throwable failure, Duration backoff) {
		if (failure instanceof ClaudeException ex) {
			Duration serverWait = ex.retryAfter().orElse(Duration.ZERO);
			return (serverWait.compareTo(backoff) > 0) ? serverWait : backoff;
		}
		return backoff;
	}

}
