package dev.clauderesilience.autoconfigure;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import dev.clauderesilience.client.ApiVersion;
import dev.clauderesilience.cache.ClaudeResponseCache;
import dev.clauderesilience.client.AuthScheme;
import dev.clauderesilience.client.ClaudeException;
import dev.clauderesilience.client.ModelAllowList;
import dev.clauderesilience.ratelimit.ClaudeRateLimiter;
import dev.clauderesilience.ratelimit.LimitSettings;
import dev.clauderesilience.ratelimit.OutputReservation;

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

	private final Timeouts timeouts = new Timeouts();

	private final ConnectionPool connectionPool = new ConnectionPool();

	private final Ssl ssl = new Ssl();

	private final Limits limits = new Limits();

	private final Cache cache = new Cache();

	private final Messages messages = new Messages();

	private final Review review = new Review();

	private final Logging logging = new Logging();

	private final Web web = new Web();

	private final Models models = new Models();

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

	public Timeouts getTimeouts() {
		return this.timeouts;
	}

	public ConnectionPool getConnectionPool() {
		return this.connectionPool;
	}

	public Ssl getSsl() {
		return this.ssl;
	}

	public Cache getCache() {
		return this.cache;
	}

	public Messages getMessages() {
		return this.messages;
	}

	public Review getReview() {
		return this.review;
	}

	public Logging getLogging() {
		return this.logging;
	}

	public Web getWeb() {
		return this.web;
	}

	public Models getModels() {
		return this.models;
	}

	public Limits getLimits() {
		return this.limits;
	}

	@Override
	public void afterPropertiesSet() {
		PropertyProblems problems = new PropertyProblems();
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
		problems.positive("claude.timeouts.connect", this.timeouts.connect);
		problems.positive("claude.timeouts.response", this.timeouts.response);
		problems.positive("claude.deadline", this.deadline);
		problems.positive("claude.connection-pool.max-connections", (long) this.connectionPool.maxConnections);
		problems.positive("claude.connection-pool.max-pending-acquires", (long) this.connectionPool.maxPendingAcquires);
		this.limits.validate("claude.limits", problems);
		this.limits.models.forEach((model, limits) -> limits.validate("claude.limits.models." + model, problems));
		problems.positive("claude.limits.max-wait", this.limits.maxWait);
		problems.positive("claude.limits.max-pause", this.limits.maxPause);
		problems.positive("claude.limits.lanes.batch.max-wait", this.limits.lanes.batch.maxWait);
		double minShare = this.limits.lanes.batch.minShare;
		if (!(minShare >= 0 && minShare < 1)) {
			problems.add("claude.limits.lanes.batch.min-share", String.valueOf(minShare), "must be at least 0 and below 1",
					"Set it to the share of admissions batch keeps, e.g. 0.1.");
		}
		problems.positive("claude.limits.tenant-tokens-per-day", this.limits.tenantTokensPerDay);
		this.limits.tenants.forEach((tenant, limits) -> problems
			.positive("claude.limits.tenants." + tenant + ".tokens-per-day", limits.getTokensPerDay()));
		problems.positive("claude.limits.max-tenants", (long) this.limits.maxTenants);
		problems.positive("claude.limits.burst", this.limits.burst);
		if (this.limits.redis.expectedInstances < 1) {
			problems.add("claude.limits.redis.expected-instances", String.valueOf(this.limits.redis.expectedInstances),
					"must be at least 1", "Set it to the number of instances that share the limits.");
		}
		problems.fraction("claude.limits.redis.fallback-share", this.limits.redis.effectiveFallbackShare(), false,
				"Set it to this instance's share of the limits, e.g. 0.5.");
		problems.positive("claude.limits.redis.timeout", this.limits.redis.timeout);
		problems.positive("claude.limits.redis.retry-interval", this.limits.redis.retryInterval);
		problems.fraction("claude.limits.output-estimate-fraction", this.limits.outputEstimateFraction, false,
				"Set it to the share of max_tokens to reserve, e.g. 0.5.");
		problems.positive("claude.auth-failure-backoff", this.authFailureBackoff);
		if (this.maxResponseSize == null || this.maxResponseSize.toBytes() < 1024
				|| this.maxResponseSize.toBytes() > Integer.MAX_VALUE) {
			problems.add("claude.max-response-size", String.valueOf(this.maxResponseSize), "must be between 1KB and 2GB",
					"Set it to the largest answer to read, e.g. 16MB.");
		}
		problems.positive("claude.cache.ttl", this.cache.ttl);
		if (this.cache.staleTtl == null || this.cache.staleTtl.isNegative()) {
			problems.add("claude.cache.stale-ttl", String.valueOf(this.cache.staleTtl), "must not be negative",
					"Set claude.cache.stale-ttl to 0 (no stale answers) or a duration such as 1h.");
		}
		problems.positive("claude.cache.max-entries", (long) this.cache.maxEntries);
		problems.positive("claude.review.capacity", (long) this.review.capacity);
		for (String pattern : this.review.maskPatterns) {
			try {
				java.util.regex.Pattern.compile(pattern);
			}
			catch (java.util.regex.PatternSyntaxException ex) {
				problems.add("claude.review.mask-patterns", pattern,
						"is not a valid regular expression (" + ex.getDescription() + ")",
						"Fix the pattern; it is a java.util.regex.Pattern.");
			}
		}
		ModelAllowList allowed = ModelAllowList.of(this.models.allowed);
		List<String> configured = new ArrayList<>(this.fallbackModels);
		configured.add(0, this.model);
		for (String model : configured) {
			if (!allowed.allows(model)) {
				problems.add("claude.models.allowed", String.join(",", this.models.allowed),
						"does not allow '" + model + "', which claude.model or claude.fallback-models names",
						"Add it to claude.models.allowed, or choose an allowed model.");
			}
		}
		problems.fraction("claude.limits.warn-utilization", this.limits.warnUtilization, false,
				"Set it to the used fraction of a limit that should warn, e.g. 0.8.");
		problems.throwIfAny();
	}

	@Override
	public String toString() {
		// never the key
		return "ClaudeProperties{baseUrl=" + this.baseUrl + ", apiVersion=" + this.apiVersion + ", model=" + this.model
				+ "}";
	}

	/**
	 * Limits of one model group (or, at the top level, of every group without its own).
	 */
	public static class ModelLimits {

		/**
		 * Requests per minute; unset for no limit.
		 */
		private Long requestsPerMinute;

		/**
		 * Input tokens per minute (input plus cache-creation tokens; cache reads do not count);
		 * unset for no limit.
		 */
		private Long inputTokensPerMinute;

		/**
		 * Output tokens per minute; unset for no limit.
		 */
		private Long outputTokensPerMinute;

		/**
		 * Input plus output tokens per day, the client's own budget; unset for no limit.
		 */
		private Long tokensPerDay;

		public Long getRequestsPerMinute() {
			return this.requestsPerMinute;
		}

		public void setRequestsPerMinute(Long requestsPerMinute) {
			this.requestsPerMinute = requestsPerMinute;
		}

		public Long getInputTokensPerMinute() {
			return this.inputTokensPerMinute;
		}

		public void setInputTokensPerMinute(Long inputTokensPerMinute) {
			this.inputTokensPerMinute = inputTokensPerMinute;
		}

		public Long getOutputTokensPerMinute() {
			return this.outputTokensPerMinute;
		}

		public void setOutputTokensPerMinute(Long outputTokensPerMinute) {
			this.outputTokensPerMinute = outputTokensPerMinute;
		}

		public Long getTokensPerDay() {
			return this.tokensPerDay;
		}

		public void setTokensPerDay(Long tokensPerDay) {
			this.tokensPerDay = tokensPerDay;
		}

		LimitSettings toSettings() {
			return new LimitSettings(this.requestsPerMinute, this.inputTokensPerMinute, this.outputTokensPerMinute,
					this.tokensPerDay);
		}

		void validate(String prefix, PropertyProblems problems) {
			problems.positive(prefix + ".requests-per-minute", this.requestsPerMinute);
			problems.positive(prefix + ".input-tokens-per-minute", this.inputTokensPerMinute);
			problems.positive(prefix + ".output-tokens-per-minute", this.outputTokensPerMinute);
			problems.positive(prefix + ".tokens-per-day", this.tokensPerDay);
		}

	}

	/**
	 * Client-side pacing, so that the API's limits are never tripped when waiting a little
	 * avoids it.
	 */
	public static class Limits extends ModelLimits {

		/**
		 * Longest time one call may wait for capacity before it fails with a retry-after hint.
		 */
		private Duration maxWait = Duration.ofSeconds(30);

		/**
		 * How much time's worth of a per-minute limit may go out at once; the rest is paced
		 * evenly, as the API's continuously refilled bucket expects.
		 */
		private Duration burst = Duration.ofSeconds(2);

		/**
		 * How output tokens are reserved before sending: adaptive reserves a learned 95th
		 * percentile of the model group's recent answers (never above max_tokens; before 10
		 * answers, half of max_tokens and then twice the longest answer), max-tokens reserves the request's max_tokens (for accounts
		 * charged up front), estimate reserves output-estimate-fraction of it. All settle to the
		 * answer's real output.
		 */
		private OutputReservation outputReservation = OutputReservation.ADAPTIVE;

		/**
		 * Longest time a server's retry-after holds a model group back; a call that would need a
		 * longer wait fails at once (a fallback model of another class may still answer).
		 */
		private Duration maxPause = Duration.ofSeconds(60);

		/**
		 * Every tenant's daily token budget (input plus output), the client's own accounting;
		 * unset for no tenant budgets. Tenants come from ClaudeRequest.tenant or the
		 * ClaudeTenantResolver.
		 */
		private Long tenantTokensPerDay;

		/**
		 * Budgets of single tenants, by tenant id, overriding tenant-tokens-per-day.
		 */
		private Map<String, TenantLimits> tenants = new LinkedHashMap<>();

		/**
		 * Most tenants whose budgets and use are kept in memory; beyond it the least recently
		 * seen tenant is forgotten (its budget starts again from zero when it returns).
		 */
		private int maxTenants = 10_000;

		/**
		 * Header naming the tenant of a web request (for example X-Tenant-Id), read by the default
		 * ClaudeTenantResolver; unset for none. Only use a header a trusted gateway sets.
		 */
		private String tenantHeader;

		private final Lanes lanes = new Lanes();

		/**
		 * Share of max_tokens reserved when output-reservation is estimate.
		 */
		private double outputEstimateFraction = 0.5;

		/**
		 * Time zone whose midnight resets the daily token budget.
		 */
		private ZoneId dailyResetZone = ZoneOffset.UTC;

		/**
		 * How input tokens are estimated before sending: local (a quick estimate from the text)
		 * or count-tokens (the API's free count_tokens endpoint, one extra call per request).
		 */
		private TokenEstimation tokenEstimation = TokenEstimation.LOCAL;

		/**
		 * Used fraction of a limit at or above which health turns DEGRADED and the tier advisor
		 * warns.
		 */
		private double warnUtilization = 0.8;

		/**
		 * Per-model (or per-group: opus, sonnet, haiku) limits, by model id; the API limits
		 * each model class separately. Unset values fall back to the top-level ones.
		 */
		private Map<String, ModelLimits> models = new LinkedHashMap<>();

		/**
		 * Where the limits live: local (this instance's own) or redis (shared by every instance
		 * with the same key prefix; needs spring-boot-starter-data-redis).
		 */
		private Store store = Store.LOCAL;

		private final Redis redis = new Redis();

		public Duration getMaxPause() {
			return this.maxPause;
		}

		public void setMaxPause(Duration maxPause) {
			this.maxPause = maxPause;
		}

		public Long getTenantTokensPerDay() {
			return this.tenantTokensPerDay;
		}

		public void setTenantTokensPerDay(Long tenantTokensPerDay) {
			this.tenantTokensPerDay = tenantTokensPerDay;
		}

		public Map<String, TenantLimits> getTenants() {
			return this.tenants;
		}

		public void setTenants(Map<String, TenantLimits> tenants) {
			this.tenants = tenants;
		}

		public int getMaxTenants() {
			return this.maxTenants;
		}

		public void setMaxTenants(int maxTenants) {
			this.maxTenants = maxTenants;
		}

		public String getTenantHeader() {
			return this.tenantHeader;
		}

		public void setTenantHeader(String tenantHeader) {
			this.tenantHeader = tenantHeader;
		}

		public Lanes getLanes() {
			return this.lanes;
		}

		public Store getStore() {
			return this.store;
		}

		public void setStore(Store store) {
			this.store = store;
		}

		public Redis getRedis() {
			return this.redis;
		}

		public Duration getMaxWait() {
			return this.maxWait;
		}

		public void setMaxWait(Duration maxWait) {
			this.maxWait = maxWait;
		}

		public Duration getBurst() {
			return this.burst;
		}

		public void setBurst(Duration burst) {
			this.burst = burst;
		}

		public OutputReservation getOutputReservation() {
			return this.outputReservation;
		}

		public void setOutputReservation(OutputReservation outputReservation) {
			this.outputReservation = outputReservation;
		}

		public double getOutputEstimateFraction() {
			return this.outputEstimateFraction;
		}

		public void setOutputEstimateFraction(double outputEstimateFraction) {
			this.outputEstimateFraction = outputEstimateFraction;
		}

		public ZoneId getDailyResetZone() {
			return this.dailyResetZone;
		}

		public void setDailyResetZone(ZoneId dailyResetZone) {
			this.dailyResetZone = dailyResetZone;
		}

		public TokenEstimation getTokenEstimation() {
			return this.tokenEstimation;
		}

		public void setTokenEstimation(TokenEstimation tokenEstimation) {
			this.tokenEstimation = tokenEstimation;
		}

		public double getWarnUtilization() {
			return this.warnUtilization;
		}

		public void setWarnUtilization(double warnUtilization) {
			this.warnUtilization = warnUtilization;
		}

		public Map<String, ModelLimits> getModels() {
			return this.models;
		}

		public void setModels(Map<String, ModelLimits> models) {
			this.models = models;
		}

		/**
		 * Where the limits live.
		 */
		public enum Store {

			/**
			 * In this instance: each instance enforces the whole limits on its own.
			 */
			LOCAL,

			/**
			 * In Redis, shared by every instance with the same key prefix.
			 */
			REDIS

		}

		/**
		 * Limits shared through Redis (claude.limits.store=redis); the connection is Spring
		 * Boot's spring.data.redis.*.
		 */
		public static class Redis {

			/**
			 * Prefix of the Redis keys; instances that share one API key use the same.
			 */
			private String keyPrefix = "claude-resilience";

			/**
			 * Number of instances expected to share the limits, which sets the default
			 * fallback-share.
			 */
			private int expectedInstances = 2;

			/**
			 * Share of each limit an instance uses on its own while Redis cannot be reached;
			 * defaults to 1 / expected-instances.
			 */
			private Double fallbackShare;

			/**
			 * Longest time one Redis command may take before the limits fall back to local.
			 */
			private Duration timeout = Duration.ofMillis(500);

			/**
			 * How long the limits stay local after Redis failed before it is asked again.
			 */
			private Duration retryInterval = Duration.ofSeconds(5);

			public String getKeyPrefix() {
				return this.keyPrefix;
			}

			public void setKeyPrefix(String keyPrefix) {
				this.keyPrefix = keyPrefix;
			}

			public int getExpectedInstances() {
				return this.expectedInstances;
			}

			public void setExpectedInstances(int expectedInstances) {
				this.expectedInstances = expectedInstances;
			}

			public Double getFallbackShare() {
				return this.fallbackShare;
			}

			public void setFallbackShare(Double fallbackShare) {
				this.fallbackShare = fallbackShare;
			}

			public Duration getTimeout() {
				return this.timeout;
			}

			public void setTimeout(Duration timeout) {
				this.timeout = timeout;
			}

			public Duration getRetryInterval() {
				return this.retryInterval;
			}

			public void setRetryInterval(Duration retryInterval) {
				this.retryInterval = retryInterval;
			}

			double effectiveFallbackShare() {
				return (this.fallbackShare != null) ? this.fallbackShare : 1d / this.expectedInstances;
			}

		}

		ClaudeRateLimiter.Settings toLimiterSettings() {
			Map<String, LimitSettings> perModel = new LinkedHashMap<>();
			this.models.forEach((model, limits) -> perModel.put(model, limits.toSettings()));
			Map<String, Long> tenantBudgets = new LinkedHashMap<>();
			this.tenants.forEach((tenant, limits) -> {
				if (limits.getTokensPerDay() != null) {
					tenantBudgets.put(tenant, limits.getTokensPerDay());
				}
			});
			return new ClaudeRateLimiter.Settings(toSettings(), perModel, this.burst, this.maxWait, this.maxPause,
					this.outputReservation, this.outputEstimateFraction, this.dailyResetZone,
					new ClaudeRateLimiter.Lanes(this.lanes.batch.minShare, this.lanes.batch.maxWait),
					new ClaudeRateLimiter.Tenants(this.tenantTokensPerDay, tenantBudgets, this.maxTenants));
		}

		/**
		 * A single tenant's limits.
		 */
		public static class TenantLimits {

			/**
			 * The tenant's daily token budget (input plus output).
			 */
			private Long tokensPerDay;

			public Long getTokensPerDay() {
				return this.tokensPerDay;
			}

			public void setTokensPerDay(Long tokensPerDay) {
				this.tokensPerDay = tokensPerDay;
			}

		}

		/**
		 * The lanes calls wait in when a limit binds: interactive (the default) before batch.
		 */
		public static class Lanes {

			private final Batch batch = new Batch();

			public Batch getBatch() {
				return this.batch;
			}

			/**
			 * The batch lane (ClaudeRequest.Priority.BATCH).
			 */
			public static class Batch {

				/**
				 * Share of admissions batch calls keep while interactive calls wait, so that batch
				 * never starves.
				 */
				private double minShare = 0.1;

				/**
				 * Longest time a batch call may wait for capacity (claude.deadline still bounds
				 * the whole call).
				 */
				private Duration maxWait = Duration.ofMinutes(5);

				public double getMinShare() {
					return this.minShare;
				}

				public void setMinShare(double minShare) {
					this.minShare = minShare;
				}

				public Duration getMaxWait() {
					return this.maxWait;
				}

				public void setMaxWait(Duration maxWait) {
					this.maxWait = maxWait;
				}

			}

		}

	}

	/**
	 * The response cache.
	 */
	public static class Cache {

		/**
		 * Whether answers may be cached (which ones is set by mode).
		 */
		private boolean enabled = true;

		/**
		 * Which answers are cached: explicit (requests marked cacheable), always, or off.
		 */
		private ClaudeResponseCache.Mode mode = ClaudeResponseCache.Mode.EXPLICIT;

		/**
		 * How long a cached answer is served as fresh.
		 */
		private Duration ttl = Duration.ofMinutes(10);

		/**
		 * How long after its TTL an answer is kept to be served, marked stale, when the API
		 * cannot answer.
		 */
		private Duration staleTtl = Duration.ofHours(1);

		/**
		 * Maximum number of cached answers, for the cache the starter provides when the
		 * application has no CacheManager.
		 */
		private int maxEntries = 10_000;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public ClaudeResponseCache.Mode getMode() {
			return this.mode;
		}

		public void setMode(ClaudeResponseCache.Mode mode) {
			this.mode = mode;
		}

		public Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(Duration ttl) {
			this.ttl = ttl;
		}

		public Duration getStaleTtl() {
			return this.staleTtl;
		}

		public void setStaleTtl(Duration staleTtl) {
			this.staleTtl = staleTtl;
		}

		public int getMaxEntries() {
			return this.maxEntries;
		}

		public void setMaxEntries(int maxEntries) {
			this.maxEntries = maxEntries;
		}

	}

	/**
	 * Texts shown to end users.
	 */
	public static class Messages {

		/**
		 * What end users are told when nothing can answer. Never the API's own error text.
		 */
		private String unavailable = ClaudeException.UNAVAILABLE_MESSAGE;

		public String getUnavailable() {
			return this.unavailable;
		}

		public void setUnavailable(String unavailable) {
			this.unavailable = unavailable;
		}

	}

	/**
	 * The review queue for inputs the API refused (403).
	 */
	public static class Review {

		/**
		 * How many refused inputs the in-memory review queue keeps (the oldest go first).
		 */
		private int capacity = 100;

		/**
		 * Further regular expressions masked in refused inputs before review, besides e-mail
		 * addresses, phone numbers and card-like digit runs.
		 */
		private List<String> maskPatterns = new ArrayList<>();

		public int getCapacity() {
			return this.capacity;
		}

		public void setCapacity(int capacity) {
			this.capacity = capacity;
		}

		public List<String> getMaskPatterns() {
			return this.maskPatterns;
		}

		public void setMaskPatterns(List<String> maskPatterns) {
			this.maskPatterns = maskPatterns;
		}

	}

	/**
	 * Which models callers may ask for.
	 */
	public static class Models {

		/**
		 * Model ids, or patterns with * (claude-haiku-*), callers may ask for; a request for any
		 * other is refused with a 400 naming the model, nothing sent. Empty allows every model.
		 */
		private List<String> allowed = new ArrayList<>();

		public List<String> getAllowed() {
			return this.allowed;
		}

		public void setAllowed(List<String> allowed) {
			this.allowed = allowed;
		}

	}

	/**
	 * Logging of failures.
	 */
	public static class Logging {

		/**
		 * Longest text, per field, logged with a request the API rejected (400 or 413).
		 */
		private int maxTextLength = 500;

		public int getMaxTextLength() {
			return this.maxTextLength;
		}

		public void setMaxTextLength(int maxTextLength) {
			this.maxTextLength = maxTextLength;
		}

	}

	/**
	 * Web integration.
	 */
	public static class Web {

		private final ProblemDetails problemDetails = new ProblemDetails();

		public ProblemDetails getProblemDetails() {
			return this.problemDetails;
		}

		/**
		 * Rendering of the starter's exceptions as RFC 9457 problem details.
		 */
		public static class ProblemDetails {

			/**
			 * Whether to render the starter's exceptions as problem+json (503 with Retry-After,
			 * 422 for refused content, 502 for rejected requests), never with upstream text.
			 */
			private boolean enabled;

			/**
			 * Retry-After sent with a 503 when the failure gives no hint.
			 */
			private Duration defaultRetryAfter = Duration.ofSeconds(30);

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

			public Duration getDefaultRetryAfter() {
				return this.defaultRetryAfter;
			}

			public void setDefaultRetryAfter(Duration defaultRetryAfter) {
				this.defaultRetryAfter = defaultRetryAfter;
			}

		}

	}

	/**
	 * How input tokens are estimated before sending.
	 */
	public enum TokenEstimation {

		/** A quick local estimate from the text. */
		LOCAL,

		/** The API's count_tokens endpoint. */
		COUNT_TOKENS

	}

	/**
	 * The HTTP connection pool of the client. Requests in flight are about the request rate
	 * times the answer latency: size it for that at high rates.
	 */
	public static class ConnectionPool {

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

	}

	/**
	 * TLS towards the API (or the gateway in front of it).
	 */
	public static class Ssl {

		/**
		 * Name of the SSL bundle ({@code spring.ssl.bundle.*}) the client trusts and presents,
		 * for a gateway with its own certificate authority or mutual TLS. Unset for the JVM's
		 * defaults.
		 */
		private String bundle;

		public String getBundle() {
			return this.bundle;
		}

		public void setBundle(String bundle) {
			this.bundle = bundle;
		}

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
