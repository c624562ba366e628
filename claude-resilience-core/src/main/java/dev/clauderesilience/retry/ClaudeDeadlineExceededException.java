package dev.clauderesilience.retry;

import java.time.Duration;

import dev.clauderesilience.client.ClaudeException;
import dev.clauderesilience.client.FailureClass;

/**
 * A call ran past {@code claude.deadline}, its end-to-end time limit, while an attempt was
 * still under way. (When the deadline falls during a wait between attempts, the call fails
 * with the last attempt's error instead.)
 *
 * @since 0.1.0
 */
public final class ClaudeDeadlineExceededException extends ClaudeException {

	ClaudeDeadlineExceededException(Duration deadline) {
		super("The call did not complete within its deadline of " + deadline, null, null);
	}

	/**
	 * A deadline failure.
	 * @param deadline the deadline that passed
	 * @return the exception
	 */
	public static ClaudeDeadlineExceededException of(Duration deadline) {
		return new ClaudeDeadlineExceededException(deadline);
	}

	@Override
	public FailureClass failureClass() {
		return FailureClass.unavailable(FailureClass.Kind.DEADLINE, FailureClass.Fallback.ANY_MODEL, true);
	}

}
