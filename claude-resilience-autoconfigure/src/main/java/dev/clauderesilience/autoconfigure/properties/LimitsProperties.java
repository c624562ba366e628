package dev.clauderesilience.autoconfigure.properties;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.clauderesilience.ratelimit.ClaudeRateLimiter;
import dev.clauderesilience.ratelimit.LimitSettings;
import dev.clauderesilience.ratelimit.OutputReservation;

/**
 * Client-side pacing ({@code claude.limits.*}), so that the API's limits are never tripped
 * when waiting a little avoids it.
 *
 * @since 0.2.0
 */
public class LimitsProperties extends ModelLimits {

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

	/**
	 * The lanes calls wait in when a limit binds.
	 */
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

	/**
	 * Limits shared through Redis, when store is redis.
	 */
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
	 * Reports every invalid limit, those of each model, tenant, lane and of Redis included.
	 * @param prefix the group's prefix, {@code claude.limits}
	 * @param problems where to report them
	 */
	@Override
	public void validate(String prefix, PropertyProblems problems) {
		super.validate(prefix, problems);
		this.models.forEach((model, limits) -> limits.validate(prefix + ".models." + model, problems));
		problems.positive(prefix + ".max-wait", this.maxWait);
		problems.positive(prefix + ".max-pause", this.maxPause);
		this.lanes.validate(prefix + ".lanes", problems);
		problems.positive(prefix + ".tenant-tokens-per-day", this.tenantTokensPerDay);
		this.tenants.forEach((tenant, limits) -> limits.validate(prefix + ".tenants." + tenant, problems));
		problems.positive(prefix + ".max-tenants", (long) this.maxTenants);
		problems.positive(prefix + ".burst", this.burst);
		this.redis.validate(prefix + ".redis", problems);
		problems.fraction(prefix + ".output-estimate-fraction", this.outputEstimateFraction, false,
				"Set it to the share of max_tokens to reserve, e.g. 0.5.");
		problems.fraction(prefix + ".warn-utilization", this.warnUtilization, false,
				"Set it to the used fraction of a limit that should warn, e.g. 0.8.");
	}

	/**
	 * The rate limiter's settings: these limits, each model's own, the lanes and the tenants'
	 * budgets.
	 * @return the settings
	 */
	public ClaudeRateLimiter.Settings toLimiterSettings() {
		Map<String, LimitSettings> perModel = new LinkedHashMap<>();
		this.models.forEach((model, limits) -> perModel.put(model, limits.toSettings()));
		Map<String, Long> tenantBudgets = new LinkedHashMap<>();
		this.tenants.forEach((tenant, limits) -> {
			if (limits.getTokensPerDay() != null) {
				tenantBudgets.put(tenant, limits.getTokensPerDay());
			}
		});
		Lanes.Batch batch = this.lanes.getBatch();
		return new ClaudeRateLimiter.Settings(toSettings(), perModel, this.burst, this.maxWait, this.maxPause,
				this.outputReservation, this.outputEstimateFraction, this.dailyResetZone,
				new ClaudeRateLimiter.Lanes(batch.getMinShare(), batch.getMaxWait()),
				new ClaudeRateLimiter.Tenants(this.tenantTokensPerDay, tenantBudgets, this.maxTenants));
	}

	/**
	 * Where the limits live.
	 *
	 * @since 0.2.0
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
	 * How input tokens are estimated before sending.
	 *
	 * @since 0.2.0
	 */
	public enum TokenEstimation {

		/** A quick local estimate from the text. */
		LOCAL,

		/** The API's count_tokens endpoint. */
		COUNT_TOKENS

	}

	/**
	 * Limits shared through Redis (claude.limits.store=redis); the connection is Spring
	 * Boot's spring.data.redis.*.
	 *
	 * @since 0.2.0
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

		/**
		 * The share of each limit this instance uses while Redis cannot be reached.
		 * @return fallback-share, or 1 / expected-instances when it is unset
		 */
		public double effectiveFallbackShare() {
			return (this.fallbackShare != null) ? this.fallbackShare : 1d / this.expectedInstances;
		}

		void validate(String prefix, PropertyProblems problems) {
			if (this.expectedInstances < 1) {
				problems.add(prefix + ".expected-instances", String.valueOf(this.expectedInstances),
						"must be at least 1", "Set it to the number of instances that share the limits.");
			}
			problems.fraction(prefix + ".fallback-share", effectiveFallbackShare(), false,
					"Set it to this instance's share of the limits, e.g. 0.5.");
			problems.positive(prefix + ".timeout", this.timeout);
			problems.positive(prefix + ".retry-interval", this.retryInterval);
		}

	}

	/**
	 * A single tenant's limits.
	 *
	 * @since 0.2.0
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

		void validate(String prefix, PropertyProblems problems) {
			problems.positive(prefix + ".tokens-per-day", this.tokensPerDay);
		}

	}

	/**
	 * The lanes calls wait in when a limit binds: interactive (the default) before batch.
	 *
	 * @since 0.2.0
	 */
	public static class Lanes {

		/**
		 * The batch lane.
		 */
		private final Batch batch = new Batch();

		public Batch getBatch() {
			return this.batch;
		}

		void validate(String prefix, PropertyProblems problems) {
			this.batch.validate(prefix + ".batch", problems);
		}

		/**
		 * The batch lane (ClaudeRequest.Priority.BATCH).
		 *
		 * @since 0.2.0
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

			void validate(String prefix, PropertyProblems problems) {
				problems.positive(prefix + ".max-wait", this.maxWait);
				if (!(this.minShare >= 0 && this.minShare < 1)) {
					problems.add(prefix + ".min-share", String.valueOf(this.minShare),
							"must be at least 0 and below 1", "Set it to the share of admissions batch keeps, e.g. 0.1.");
				}
			}

		}

	}

}
