package dev.clauderesilience.observation;

import java.time.Duration;
import java.util.Objects;

import io.micrometer.observation.Observation;

import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeResponse;
import dev.clauderesilience.client.FailureClass;
import dev.clauderesilience.client.Usage;
import dev.clauderesilience.observation.ClaudeObserver.Outcome;

/**
 * What a {@link ClaudeObservationConvention} knows of one call through the pipeline: the request
 * (defaults applied, tenant resolved) from the start; the answer, its usage and how the call
 * ended once it has; and, along the way, its retries and waits. The pipeline fills it in; a
 * convention only reads it.
 *
 * @since 0.2.0
 */
public class ClaudeObservationContext extends Observation.Context {

	private final ClaudeRequest request;

	private volatile ClaudeResponse response;

	private volatile Usage usage = Usage.NONE;

	private volatile Outcome outcome;

	private volatile FailureClass failureClass;

	private volatile boolean cancelled;

	private volatile int retries;

	private volatile Duration waited = Duration.ZERO;

	/**
	 * The context of a call.
	 * @param request the request, defaults applied
	 */
	public ClaudeObservationContext(ClaudeRequest request) {
		this.request = Objects.requireNonNull(request, "request");
	}

	/**
	 * The request.
	 * @return the request, defaults applied and tenant resolved
	 */
	public ClaudeRequest getRequest() {
		return this.request;
	}

	/**
	 * The answer, once there is one.
	 * @return the answer (of a stream: its {@code message_start} message), or {@code null}
	 */
	public ClaudeResponse getResponse() {
		return this.response;
	}

	void setResponse(ClaudeResponse response) {
		this.response = response;
	}

	/**
	 * The tokens the answer used.
	 * @return the usage, {@link Usage#NONE} before the end, on failure and for answers from the cache
	 */
	public Usage getUsage() {
		return this.usage;
	}

	/**
	 * How the call ended.
	 * @return the outcome, or {@code null} while it runs and when it was cancelled
	 */
	public Outcome getOutcome() {
		return this.outcome;
	}

	void setEnded(Outcome outcome, Usage usage) {
		this.usage = (usage != null) ? usage : Usage.NONE;
		this.outcome = outcome;
	}

	/**
	 * The class of the failure that ended the call ({@link #getError()} is the failure itself).
	 * @return the class, or {@code null} unless the call failed
	 */
	public FailureClass getFailureClass() {
		return this.failureClass;
	}

	void setFailureClass(FailureClass failureClass) {
		this.failureClass = failureClass;
	}

	/**
	 * Whether the caller cancelled the call before it ended.
	 * @return {@code true} when cancelled
	 */
	public boolean isCancelled() {
		return this.cancelled;
	}

	void setCancelled() {
		this.cancelled = true;
	}

	/**
	 * The attempts that failed and were retried, over every model tried.
	 * @return the number of retries
	 */
	public int getRetries() {
		return this.retries;
	}

	void retried() {
		this.retries++;
	}

	/**
	 * How long the call waited for client-side capacity, over every attempt.
	 * @return the total wait
	 */
	public Duration getWaited() {
		return this.waited;
	}

	void waited(Duration waited) {
		this.waited = this.waited.plus(waited);
	}

}
