package dev.clauderesilience.ratelimit;

/**
 * A {@link LimitStore} could not be reached (or is still considered down): the limiter paces on
 * its local fallback buckets.
 *
 * @since 0.1.0
 */
public final class LimitStoreUnavailableException extends RuntimeException {

	/**
	 * An exception.
	 * @param message what failed
	 * @param cause the cause, or {@code null}
	 */
	public LimitStoreUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
