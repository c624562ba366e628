package dev.clauderesilience.breaker;

import java.time.Duration;
import java.util.Optional;

import dev.clauderesilience.client.ClaudeException;

/**
 * The circuit breaker of a model is open after repeated server failures: the call failed at
 * once, without a request. Not retried; a fallback model may answer instead.
 *
 * @since 0.1.0
 */
public final class ClaudeCircuitOpenException extends ClaudeException {

	private final String model;

	private final Duration openFor;

	ClaudeCircuitOpenException(String model, Duration openFor, Throwable cause) {
		super("Circuit breaker for model '" + model + "' is open: not calling it", null, cause);
		this.model = model;
		this.openFor = openFor;
	}

	/**
	 * The model whose breaker is open.
	 * @return the model id
	 */
	public String model() {
		return this.model;
	}

	@Override
	public Optional<Duration> retryAfter() {
		return Optional.ofNullable(this.openFor);
	}

	@Override
	public boolean isRetryable() {
		return false;
	}

	@Override
	public boolean isAvailabilityFailure() {
		return true;
	}

}
