package dev.clauderesilience.health;

/**
 * The names of the {@code claude} health indicator, its custom status, its detail keys and the
 * {@code claude} actuator endpoint.
 *
 * @since 0.1.0
 */
public final class ClaudeHealthNames {

	/** The health contributor's name ({@code management.health.claude.enabled}). */
	public static final String INDICATOR = "claude";

	/** The id of the read-only actuator endpoint ({@code /actuator/claude}). */
	public static final String ENDPOINT = "claude";

	/**
	 * The code of the custom status: calls still succeed, but near a limit, on a fallback model
	 * or close to the daily budget; mapped to HTTP 200.
	 */
	public static final String DEGRADED_CODE = "DEGRADED";

	/** Why {@link #DEGRADED_CODE} is reported, as the status's description. */
	public static final String DEGRADED_DESCRIPTION = "Claude API calls succeed but close to a limit or on a fallback model";

	/**
	 * The status order the starter contributes as a default of
	 * {@code management.endpoint.health.status.order}: Spring Boot's own with {@code DEGRADED}
	 * between {@code OUT_OF_SERVICE} and {@code UP}.
	 */
	public static final String STATUS_ORDER = "DOWN,OUT_OF_SERVICE,DEGRADED,UP,UNKNOWN";

	/** Detail: the model group the top-level limit details describe (the default model's). */
	public static final String MODEL_GROUP = "modelGroup";

	/** Detail: the other model groups seen, each with the same limit details. */
	public static final String OTHER_MODEL_GROUPS = "otherModelGroups";

	/** Detail: when the latest rate-limit headers arrived, or {@link #NO_HEADERS_YET}. */
	public static final String RATE_LIMIT_HEADERS = "rateLimitHeaders";

	/** The value of {@link #RATE_LIMIT_HEADERS} before the first answer. */
	public static final String NO_HEADERS_YET = "no headers yet";

	/** Detail: model id to circuit-breaker state. */
	public static final String CIRCUIT_BREAKERS = "circuitBreakers";

	/** Detail: whether a fallback model answered the latest call of some model. */
	public static final String FALLBACK_ACTIVE = "fallbackActive";

	/** Detail: when a 429 last paused calls. */
	public static final String LAST_RATE_LIMITED_AT = "lastRateLimitedAt";

	/** Detail: when the API last rejected the key, while no success has followed. */
	public static final String AUTHENTICATION_FAILED_AT = "authenticationFailedAt";

	/** Detail: the highest used fraction over all limits. */
	public static final String UTILIZATION = "utilization";

	/** Detail: the fraction at which the status turns {@code DEGRADED}. */
	public static final String WARN_UTILIZATION = "warnUtilization";

	/** Detail: the tier-upgrade advice, as sentences. */
	public static final String TIER_ADVICE = "tierAdvice";

	/** Detail: why the status is not {@code UP}. */
	public static final String REASONS = "reasons";

	private ClaudeHealthNames() {
	}

}
