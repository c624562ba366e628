package dev.clauderesilience.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.clauderesilience.test.ClaudeSimulator;
import dev.clauderesilience.test.SimulatedFault;
import dev.clauderesilience.test.SimulatedLimits;

/**
 * Configuration of the embedded simulator ({@code claude.simulator.*}), used only when no API
 * key is set. Bound early, by {@link EmbeddedSimulatorEnvironmentPostProcessor}.
 */
class SimulatorProperties {

	static final String PREFIX = "claude.simulator";

	/**
	 * Requests per minute the simulator allows per model group; 0 for unlimited.
	 */
	private long requestsPerMinute;

	/**
	 * Input tokens per minute the simulator allows per model group; 0 for unlimited.
	 */
	private long inputTokensPerMinute;

	/**
	 * Output tokens per minute the simulator allows per model group; 0 for unlimited.
	 */
	private long outputTokensPerMinute;

	/**
	 * How many seconds' worth of each rate the simulator's buckets hold.
	 */
	private Duration burst = SimulatedLimits.DEFAULT_BURST;

	/**
	 * How long the simulator takes to generate one output token.
	 */
	private Duration generationDelayPerToken = Duration.ZERO;

	/**
	 * Probability of each fault per request, keyed by HTTP status ("529") or by fault name
	 * ("mid-stream-error", "connection-reset", ...).
	 */
	private final Map<String, Double> faultRates = new LinkedHashMap<>();

	/**
	 * Model ids the simulator answers with 529 overloaded_error, always.
	 */
	private final List<String> outages = new ArrayList<>();

	public long getRequestsPerMinute() {
		return this.requestsPerMinute;
	}

	public void setRequestsPerMinute(long requestsPerMinute) {
		this.requestsPerMinute = requestsPerMinute;
	}

	public long getInputTokensPerMinute() {
		return this.inputTokensPerMinute;
	}

	public void setInputTokensPerMinute(long inputTokensPerMinute) {
		this.inputTokensPerMinute = inputTokensPerMinute;
	}

	public long getOutputTokensPerMinute() {
		return this.outputTokensPerMinute;
	}

	public void setOutputTokensPerMinute(long outputTokensPerMinute) {
		this.outputTokensPerMinute = outputTokensPerMinute;
	}

	public Duration getBurst() {
		return this.burst;
	}

	public void setBurst(Duration burst) {
		this.burst = burst;
	}

	public Duration getGenerationDelayPerToken() {
		return this.generationDelayPerToken;
	}

	public void setGenerationDelayPerToken(Duration generationDelayPerToken) {
		this.generationDelayPerToken = generationDelayPerToken;
	}

	public Map<String, Double> getFaultRates() {
		return this.faultRates;
	}

	public List<String> getOutages() {
		return this.outages;
	}

	/**
	 * A simulator configured with these properties, not yet started.
	 * @return the simulator
	 */
	ClaudeSimulator buildSimulator() {
		ClaudeSimulator.Builder builder = ClaudeSimulator.builder()
			.defaultLimits(new SimulatedLimits(this.requestsPerMinute, this.inputTokensPerMinute,
					this.outputTokensPerMinute, this.burst))
			.generationDelayPerToken(this.generationDelayPerToken);
		this.faultRates.forEach((fault, rate) -> builder.faultRate(SimulatedFault.parse(fault), rate));
		ClaudeSimulator simulator = builder.build();
		this.outages.forEach(simulator::outage);
		return simulator;
	}

}
