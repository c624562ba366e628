package dev.clauderesilience.retry;

import java.time.Duration;

import dev.clauderesilience.client.ClaudeException;
import dev.clauderesilience.client.ClaudeFailureClassifier;

/**
 * The one place that decides whether a failed attempt is tried again and how long to wait
 * first. The backoff itself (1 s doubling to 60 s, with jitter, by default) is the Resilience4j
 * {@code Retry}'s; this policy only lengthens it to honour the server.
 *
 * @since 0.1.0
 */
public final class ClaudeRetryPolicy {

	private final Duration maxPause;

	private final ClaudeFailureClassifier classifier;

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
		this(maxPause, ClaudeFailureClassifier.DEFAULT);
	}

	/**
	 * A policy.
	 * @param maxPause the longest server-asked wait worth waiting for
	 * @param classifier what is retryable
	 */
	public ClaudeRetryPolicy(Duration maxPause, ClaudeFailureClassifier classifier) {
		this.maxPause = maxPause;
		this.classifier = classifier;
	}

	/**
	 * Whether a failure may be retried: when its class says so (the error table, the server's
	 * {@code x-should-retry}, never an open breaker, a spend cap or a stream whose content the
	 * caller already has), and the server does not ask for a longer wait than the maximum pause.
	 * @param failure what the attempt failed with
	 * @return {@code true} to try again
	 */
	public boolean shouldRetry(Throwable failure) {
		if (!this.classifier.classify(failure).retryable()) {
			return false;
		}
		// the server asks for longer than is worth waiting: fail now, another model may answer
		return !(failure instanceof ClaudeException ex)
				|| ex.retryAfter().filter((wait) -> wait.compareTo(this.maxPause) > 0).isEmpty();
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
