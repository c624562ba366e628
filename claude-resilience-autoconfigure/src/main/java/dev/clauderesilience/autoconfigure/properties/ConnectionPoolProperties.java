package dev.clauderesilience.autoconfigure.properties;

/**
 * The HTTP connection pool of the client ({@code claude.connection-pool.*}). Requests in
 * flight are about the request rate times the answer latency: size it for that at high rates.
 *
 * @since 0.2.0
 */
public class ConnectionPoolProperties {

	/**
	 * Maximum number of connections to the API, so of requests on the wire at once.
	 */
	private int maxConnections = 500;

	/**
	 * Maximum number of requests waiting for a connection; beyond it a call fails at once
	 * (retried, never counted against the circuit breaker).
	 */
	private int maxPendingAcquires = 1000;

	public int getMaxConnections() {
		return this.maxConnections;
	}

	public void setMaxConnections(int maxConnections) {
		this.maxConnections = maxConnections;
	}

	public int getMaxPendingAcquires() {
		return this.maxPendingAcquires;
	}

	public void setMaxPendingAcquires(int maxPendingAcquires) {
		this.maxPendingAcquires = maxPendingAcquires;
	}

	/**
	 * Reports a size below 1.
	 * @param prefix the group's prefix, {@code claude.connection-pool}
	 * @param problems where to report them
	 */
	public void validate(String prefix, PropertyProblems problems) {
		problems.positive(prefix + ".max-connections", (long) this.maxConnections);
		problems.positive(prefix + ".max-pending-acquires", (long) this.maxPendingAcquires);
	}

}
