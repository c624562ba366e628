package dev.clauderesilience.ratelimit;

import java.time.Duration;
import java.util.Optional;

import dev.clauderesilience.client.ClaudeException;
import dev.clauderesilience.client.FailureClass;

/**
 * The configured limits could not make room for the call within {@code claude.limits.max-wait};
 * nothing was sent. Carries how long the caller would have had to wait.
 *
 * @since 0.1.0
 */
public final class CapacityWaitExceededException extends ClaudeException {

	private final String modelGroup;

	private final Duration wouldWait;

	CapacityWaitExceededException(String modelGroup, Duration wouldWait, Duration maxWait) {
		super("No capacity for model group '" + modelGroup + "' within " + maxWait + " (would wait " + wouldWait + ")",
				null, null);
		this.modelGroup = modelGroup;
		this.wouldWait = wouldWait;
	}

	/**
	 * The model group whose limits were full.
	 * @return the group
	 */
	public String modelGroup() {
		return this.modelGroup;
	}

	@Override
	public Optional<Duration> retryAfter() {
		return Optional.of(this.wouldWait);
	}

	// every attempt waits through the same limits: retrying at once cannot help, another class can
	@Override
	public FailureClass failureClass() {
		return FailureClass.unavailable(FailureClass.Kind.CAPACITY, FailureClass.Fallback.OTHER_RATE_LIMIT_CLASS, true);
	}

}
