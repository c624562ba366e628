package dev.clauderesilience.autoconfigure.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The embedded Claude API simulator of the test kit ({@code claude.simulator.*}): for local runs
 * without a key ({@code claude.simulator.enabled=true}, with
 * {@code dev.clauderesilience:claude-resilience-test} on the classpath) and for tests annotated
 * with {@code @AutoConfigureClaudeSimulator}.
 *
 * @since 0.2.0
 */
@ConfigurationProperties(ClaudeSimulatorProperties.PREFIX)
public class ClaudeSimulatorProperties {

	static final String PREFIX = "claude.simulator";

	/**
	 * Whether to start the embedded simulator and point the client at it instead of the real API
	 * (needs claude-resilience-test on the classpath; meant for a local profile).
	 */
	private boolean enabled;

	/**
	 * Port of the simulator on 127.0.0.1; 0 for a free one.
	 */
	private int port;

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
	private Duration burst = Duration.ofSeconds(3);

	/**
	 * How long the simulator takes to generate one output token.
	 */
	private Duration generationDelayPerToken = Duration.ZERO;

	/**
	 * Shortest answer the simulator generates, in tokens.
	 */
	private int minOutputTokens = 20;

	/**
	 * Longest answer the simulator generates, in tokens (still capped by max_tokens).
	 */
	private int maxOutputTokens = 60;

	/**
	 * Model ids (or regular expressions) the simulator knows; others are answered 404
	 * not_found_error, as the API does. Empty for the current Claude models.
	 */
	private List<String> models = new ArrayList<>();

	/**
	 * Probability of each fault per request, keyed by HTTP status ("529") or by fault name
	 * ("mid-stream-error", "connection-reset", ...).
	 */
	private Map<String, Double> faultRates = new LinkedHashMap<>();

	/**
	 * Model ids the simulator answers with 529 overloaded_error, always.
	 */
	private List<String> outages = new ArrayList<>();

	/**
	 * How many of the most recent requests the simulator's journal keeps, so that a long local
	 * run does not grow its memory.
	 */
	private int journalCapacity = 10_000;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getPort() {
		return this.port;
	}

	public void setPort(int port) {
		this.port = port;
	}

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

	public int getMinOutputTokens() {
		return this.minOutputTokens;
	}

	public void setMinOutputTokens(int minOutputTokens) {
		this.minOutputTokens = minOutputTokens;
	}

	public int getMaxOutputTokens() {
		return this.maxOutputTokens;
	}

	public void setMaxOutputTokens(int maxOutputTokens) {
		this.maxOutputTokens = maxOutputTokens;
	}

	public int getJournalCapacity() {
		return this.journalCapacity;
	}

	public void setJournalCapacity(int journalCapacity) {
		this.journalCapacity = journalCapacity;
	}

	public List<String> getModels() {
		return this.models;
	}

	public void setModels(List<String> models) {
		this.models = models;
	}

	public Map<String, Double> getFaultRates() {
		return this.faultRates;
	}

	public void setFaultRates(Map<String, Double> faultRates) {
		this.faultRates = faultRates;
	}

	public List<String> getOutages() {
		return this.outages;
	}

	public void setOutages(List<String> outages) {
		this.outages = outages;
	}

}
