package dev.clauderesilience.autoconfigure.health;

import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import dev.clauderesilience.health.ClaudeHealthNames;
import dev.clauderesilience.health.ClaudeOverview;

/**
 * The read-only {@code claude} actuator endpoint ({@code /actuator/claude} once exposed): the
 * whole picture as JSON, for an operator deciding whether to ask Anthropic for a higher tier.
 *
 * @since 0.1.0
 */
@Endpoint(id = ClaudeHealthNames.ENDPOINT)
public class ClaudeEndpoint {

	private final ClaudeOverview overview;

	/**
	 * An endpoint.
	 * @param overview what it reports
	 */
	public ClaudeEndpoint(ClaudeOverview overview) {
		this.overview = overview;
	}

	/**
	 * The report.
	 * @return status, limits, usage, breakers, cache, daily budget and advice
	 */
	@ReadOperation
	public Map<String, Object> report() {
		return this.overview.report();
	}

}
