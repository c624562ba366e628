package dev.clauderesilience.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

import dev.clauderesilience.autoconfigure.properties.ConnectionPoolProperties;
import dev.clauderesilience.autoconfigure.properties.LimitsProperties;
import dev.clauderesilience.autoconfigure.properties.LoggingProperties;
import dev.clauderesilience.autoconfigure.properties.MessagesProperties;
import dev.clauderesilience.autoconfigure.properties.ModelsProperties;
import dev.clauderesilience.autoconfigure.properties.ObservabilityProperties;
import dev.clauderesilience.autoconfigure.properties.PropertyProblems;
import dev.clauderesilience.autoconfigure.properties.ResponseCacheProperties;
import dev.clauderesilience.autoconfigure.properties.ReviewProperties;
import dev.clauderesilience.autoconfigure.properties.SslBundleProperties;
import dev.clauderesilience.autoconfigure.properties.TimeoutsProperties;
import dev.clauderesilience.autoconfigure.properties.WebIntegrationProperties;
import dev.clauderesilience.client.ApiVersion;
import dev.clauderesilience.client.AuthScheme;
import dev.clauderesilience.client.ModelAllowList;

/**
 * Configuration of the Claude client ({@code claude.*}): the top-level properties here, each
 * group ({@code claude.limits.*}, {@code claude.cache.*}, ...) a class of its own that checks its
 * own values. Invalid values of every group stop start-up together, with a message naming each
 * property and its fix.
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

	/**
	 * Most time one call may take end to end, waits for capacity and between retries
	 * included. When the next wait would cross it, the call fails with the last error instead.
	 * A stream that has begun is bounded by timeouts.response between events, not by this.
	 */
	private Duration deadline = Duration.ofMinutes(2);

	/**
	 * Models to try, in order, when the requested one cannot answer (an outage, an open
	 * breaker, or its rate limit when the next model is in another rate-limit group), e.g.
	 * claude-sonnet-4-5, claude-haiku-4-5.
	 */
	private List<String> fallbackModels = new ArrayList<>();

	/**
	 * How long calls fail at once, without a request, after the API rejected the key (401).
	 */
	private Duration authFailureBackoff = Duration.ofSeconds(30);

	/**
	 * Largest answer read from the API (a whole message, or one event of a stream); a larger one
	 * fails the attempt with a retryable error.
	 */
	private DataSize maxResponseSize = DataSize.ofMegabytes(16);

	/**
	 * Network timeouts.
	 */
	@NestedConfigurationProperty
	private final TimeoutsProperties timeouts = new TimeoutsProperties();

	/**
	 * The HTTP connection pool of the client.
	 */
	@NestedConfigurationProperty
	private final ConnectionPoolProperties connectionPool = new ConnectionPoolProperties();

	/**
	 * TLS towards the API.
	 */
	@NestedConfigurationProperty
	private final SslBundleProperties ssl = new SslBundleProperties();

	/**
	 * Client-side pacing.
	 */
	@NestedConfigurationProperty
	private final LimitsProperties limits = new LimitsProperties();

	/**
	 * The response cache.
	 */
	@NestedConfigurationProperty
	private final ResponseCacheProperties cache = new ResponseCacheProperties();

	/**
	 * Texts shown to end users.
	 */
	@NestedConfigurationProperty
	private final MessagesProperties messages = new MessagesProperties();

	/**
	 * The review queue for refused inputs.
	 */
	@NestedConfigurationProperty
	private final ReviewProperties review = new ReviewProperties();

	/**
	 * Logging of failures.
	 */
	@NestedConfigurationProperty
	private final LoggingProperties logging = new LoggingProperties();

	/**
	 * Web integration.
	 */
	@NestedConfigurationProperty
	private final WebIntegrationProperties web = new WebIntegrationProperties();

	/**
	 * Which models callers may ask for.
	 */
	@NestedConfigurationProperty
	private final ModelsProperties models = new ModelsProperties();

	/**
	 * Names of meters.
	 */
	@NestedConfigurationProperty
	private final ObservabilityProperties observability = new ObservabilityProperties();

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

	public Duration getDeadline() {
		return this.deadline;
	}

	public void setDeadline(Duration deadline) {
		this.deadline = deadline;
	}

	public List<String> getFallbackModels() {
		return this.fallbackModels;
	}

	public void setFallbackModels(List<String> fallbackModels) {
		this.fallbackModels = fallbackModels;
	}

	public Duration getAuthFailureBackoff() {
		return this.authFailureBackoff;
	}

	public void setAuthFailureBackoff(Duration authFailureBackoff) {
		this.authFailureBackoff = authFailureBackoff;
	}

	public DataSize getMaxResponseSize() {
		return this.maxResponseSize;
	}

	public void setMaxResponseSize(DataSize maxResponseSize) {
		this.maxResponseSize = maxResponseSize;
	}

	public TimeoutsProperties getTimeouts() {
		return this.timeouts;
	}

	public ConnectionPoolProperties getConnectionPool() {
		return this.connectionPool;
	}

	public SslBundleProperties getSsl() {
		return this.ssl;
	}

	public ResponseCacheProperties getCache() {
		return this.cache;
	}

	public MessagesProperties getMessages() {
		return this.messages;
	}

	public ReviewProperties getReview() {
		return this.review;
	}

	public LoggingProperties getLogging() {
		return this.logging;
	}

	public WebIntegrationProperties getWeb() {
		return this.web;
	}

	public ModelsProperties getModels() {
		return this.models;
	}

	public LimitsProperties getLimits() {
		return this.limits;
	}

	public ObservabilityProperties getObservability() {
		return this.observability;
	}

	@Override
	public void afterPropertiesSet() {
		List<InvalidClaudePropertyException.Problem> found = new ArrayList<>();
		PropertyProblems problems = (property, value, problem, action) -> found
			.add(new InvalidClaudePropertyException.Problem(property, value, problem, action));
		validateTopLevel(problems);
		this.timeouts.validate("claude.timeouts", problems);
		this.connectionPool.validate("claude.connection-pool", problems);
		this.limits.validate("claude.limits", problems);
		this.cache.validate("claude.cache", problems);
		this.review.validate("claude.review", problems);
		this.logging.validate("claude.logging", problems);
		this.web.validate("claude.web", problems);
		this.observability.validate("claude.observability", problems);
		if (!found.isEmpty()) {
			throw new InvalidClaudePropertyException(found);
		}
	}

	// the groups check their own properties; these are claude.* itself
	private void validateTopLevel(PropertyProblems problems) {
		String url = (this.baseUrl != null) ? this.baseUrl.trim() : "";
		if (!url.startsWith("http://") && !url.startsWith("https://")) {
			problems.add("claude.base-url", this.baseUrl, "is not an http(s) URL",
					"Set claude.base-url to the API's address, e.g. https://api.anthropic.com.");
		}
		try {
			ApiVersion.of(this.apiVersion);
		}
		catch (IllegalArgumentException ex) {
			problems.add("claude.api-version", this.apiVersion, "is not a supported API version",
					"Set claude.api-version to one of: " + ApiVersion.supported() + ".");
		}
		if (this.maxTokens < 1) {
			problems.add("claude.max-tokens", String.valueOf(this.maxTokens), "must be at least 1",
					"Set claude.max-tokens to a positive number, e.g. 1024.");
		}
		problems.positive("claude.deadline", this.deadline);
		problems.positive("claude.auth-failure-backoff", this.authFailureBackoff);
		if (this.maxResponseSize == null || this.maxResponseSize.toBytes() < 1024
				|| this.maxResponseSize.toBytes() > Integer.MAX_VALUE) {
			problems.add("claude.max-response-size", String.valueOf(this.maxResponseSize), "must be between 1KB and 2GB",
					"Set it to the largest answer to read, e.g. 16MB.");
		}
		// claude.model and claude.fallback-models must be models callers may ask for
		List<String> allowedPatterns = this.models.getAllowed();
		ModelAllowList allowed = ModelAllowList.of(allowedPatterns);
		List<String> configured = new ArrayList<>(this.fallbackModels);
		configured.add(0, this.model);
		for (String model : configured) {
			if (!allowed.allows(model)) {
				problems.add("claude.models.allowed", String.join(",", allowedPatterns),
						"does not allow '" + model + "', which claude.model or claude.fallback-models names",
						"Add it to claude.models.allowed, or choose an allowed model.");
			}
		}
	}

	@Override
	public String toString() {
		// never the key
		return "ClaudeProperties{baseUrl=" + this.baseUrl + ", apiVersion=" + this.apiVersion + ", model=" + this.model
				+ "}";
	}

}
