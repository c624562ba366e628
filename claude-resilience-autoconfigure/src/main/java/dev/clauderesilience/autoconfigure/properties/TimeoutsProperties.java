package dev.clauderesilience.autoconfigure.properties;

import java.time.Duration;

/**
 * Network timeouts of the client ({@code claude.timeouts.*}).
 *
 * @since 0.2.0
 */
public class TimeoutsProperties {

	/**
	 * Maximum time to establish a connection.
	 */
	private Duration connect = Duration.ofSeconds(10);

	/**
	 * Maximum silence while waiting for or reading an answer (between two reads, so a long
	 * stream that keeps sending is not cut).
	 */
	private Duration response = Duration.ofSeconds(60);

	public Duration getConnect() {
		return this.connect;
	}

	public void setConnect(Duration connect) {
		this.connect = connect;
	}

	public Duration getResponse() {
		return this.response;
	}

	public void setResponse(Duration response) {
		this.response = response;
	}

	/**
	 * Reports a timeout that is not a positive duration.
	 * @param prefix the group's prefix, {@code claude.timeouts}
	 * @param problems where to report them
	 */
	public void validate(String prefix, PropertyProblems problems) {
		problems.positive(prefix + ".connect", this.connect);
		problems.positive(prefix + ".response", this.response);
	}

}
