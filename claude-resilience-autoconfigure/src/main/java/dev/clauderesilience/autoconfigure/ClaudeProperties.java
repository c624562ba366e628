package dev.clauderesilience.autoconfigure;

import java.time.Duration;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationStyle;

import dev.clauderesilience.client.ApiVersion;
import dev.clauderesilience.client.AuthScheme;

/**
 * Configuration of the Claude client ({@code claude.*}). Invalid values stop start-up with a
 * message naming the property and the fix.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("claude")
public class ClaudeProperties implements InitializingBean {

	/**
	 * API key. Defaults to the ANTHROPIC_API_KEY environment variable. Never logged or shown by
	 * the actuator.
	 */
	private String apiKey;

	/**
	 * Base URL of the Claude API (http or https).
	 */
	private String baseUrl = "https://api.anthropic.com";

	/**
	 * API version sent as the anthropic-version header: 2026-10-21 (newest) or 2023-06-01 (the
	 * only one that accepts temperature, top_p and top_k).
	 */
	private String apiVersion = ApiVersion.V2026_10_21.value();

	/**
	 * How the API key is sent: as an x-api-key header or as an Authorization Bearer header.
	 */
	private AuthScheme authScheme = AuthScheme.X_API_KEY;

	/**
	 * Model for requests that name none.
	 */
	private String model = "claude-sonnet-4-5";

	/**
	 * max_tokens for requests that set none.
	 */
	private int maxTokens = 1024;

	private final Timeouts timeouts = new Timeouts();

	public String getApiKey() {
		return this.apiKey;
	}

	public void setApiKey(String apiKey) {
		this.apiKey = apiKey;
	}

	public String getBaseUrl() {
		return this.baseUrl;
	}

	public void setBaseUrl(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	public String getApiVersion() {
		return this.apiVersion;
	}

	public void setApiVersion(String apiVersion) {
		this.apiVersion = apiVersion;
	}

	public AuthScheme getAuthScheme() {
		return this.authScheme;
	}

	public void setAuthScheme(AuthScheme authScheme) {
		this.authScheme = authScheme;
	}

	public String getModel() {
		return this.model;
	}

	public void setModel(String model) {
		this.model = model;
	}

	public int getMaxTokens() {
		return this.maxTokens;
	}

	public void setMaxTokens(int maxTokens) {
		this.maxTokens = maxTokens;
	}

	public Timeouts getTimeouts() {
		return this.timeouts;
	}

	@Override
	public void afterPropertiesSet() {
		String url = (this.baseUrl != null) ? this.baseUrl.trim() : "";
		if (!url.startsWith("http://") && !url.startsWith("https://")) {
			throw new InvalidClaudePropertyException("claude.base-url", this.baseUrl, "is not an http(s) URL",
					"Set claude.base-url to the API's address, e.g. https://api.anthropic.com.");
		}
		try {
			ApiVersion.of(this.apiVersion);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidClaudePropertyException("claude.api-version", this.apiVersion,
					"is not a supported API version", "Set claude.api-version to one of: " + ApiVersion.supported() + ".");
		}
		if (this.maxTokens < 1) {
			throw new InvalidClaudePropertyException("claude.max-tokens", String.valueOf(this.maxTokens),
					"must be at least 1", "Set claude.max-tokens to a positive number, e.g. 1024.");
		}
		requirePositive("claude.timeouts.connect", this.timeouts.connect);
		requirePositive("claude.timeouts.response", this.timeouts.response);
	}

	static void requirePositive(String property, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidClaudePropertyException(property, (value != null) ? DurationStyle.SIMPLE.print(value) : null,
					"must be a positive duration",
					"Set " + property + " to a positive duration such as 10s or 500ms.");
		}
	}

	@Override
	public String toString() {
		// never the key
		return "ClaudeProperties{baseUrl=" + this.baseUrl + ", apiVersion=" + this.apiVersion + ", model=" + this.model
				+ "}";
	}

	/**
	 * Network timeouts.
	 */
	public static class Timeouts {

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

	}

}
