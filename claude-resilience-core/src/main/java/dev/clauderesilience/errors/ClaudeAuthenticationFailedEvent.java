package dev.clauderesilience.errors;

import org.springframework.context.ApplicationEvent;

/**
 * Published when the API rejects the key (401): time to alert whoever owns it. Published at
 * most once per authentication back-off period.
 *
 * @since 0.1.0
 */
public class ClaudeAuthenticationFailedEvent extends ApplicationEvent {

	private final String requestId;

	/**
	 * A new event.
	 * @param source the publisher
	 * @param requestId the request id of the rejected call
	 */
	public ClaudeAuthenticationFailedEvent(Object source, String requestId) {
		super(source);
		this.requestId = requestId;
	}

	/**
	 * The request id of the rejected call.
	 * @return the id, or {@code null}
	 */
	public String getRequestId() {
		return this.requestId;
	}

}
