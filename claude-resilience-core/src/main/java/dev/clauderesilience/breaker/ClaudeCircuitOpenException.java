package dev.clauderesilience.breaker;

import java.time.Duration;
import java.util.Optional;

import dev.clauderesilience.client.ClaudeException;
import dev.clauderesilience.client.FailureClass;

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

	// the breaker exists to stop calls: retrying would just wait for it; another model may answer
	@Override
	public FailureClass failureClass() {
		return FailureClass.unavailable(FailureClass.Kind.CIRCUIT_OPEN, FailureClass.Fallback.ANY_MODEL, true);
	}

}
