package dev.clauderesilience.metrics;

import dev.clauderesilience.observation.BoundedTagValues;

/**
 * The names of the starter's meters and of their tags, and the fixed words used as tag values.
 * The tag keys {@code gen_ai.*} follow the OpenTelemetry GenAI semantic conventions.
 * <p>
 * Two meters are shaped after the conventions' metrics: {@link #TOKEN_USAGE} and
 * {@link #OPERATION_DURATION}. Their names start with a prefix, {@value #DEFAULT_GEN_AI_PREFIX}
 * by default; {@code gen_ai} gives the conventions' own names, which Spring AI also uses:
 * Spring AI registers {@code gen_ai.client.token.usage} as a counter with other tag keys, so
 * beside it that name would be two instruments with different tags.
 *
 * @since 0.1.0
 */
public final class ClaudeMeterNames {

	/** The default prefix of {@link #TOKEN_USAGE} and {@link #OPERATION_DURATION}. */
	public static final String DEFAULT_GEN_AI_PREFIX = "claude";

	/** Tokens per answer (distribution summary), by {@link #TOKEN_TYPE} and model. */
	public static final String TOKEN_USAGE = DEFAULT_GEN_AI_PREFIX + ".client.token.usage";

	/** Duration of a call end to end (timer), by model and outcome. */
	public static final String OPERATION_DURATION = DEFAULT_GEN_AI_PREFIX + ".client.operation.duration";

	/** Calls (counter), by model and outcome. */
	public static final String REQUESTS = "claude.requests";

	/** Attempts that failed and were retried (counter), by model and reason. */
	public static final String RETRIES = "claude.retries";

	/** Calls moved on to a fallback model (counter), by from and to. */
	public static final String FALLBACKS = "claude.fallbacks";

	/** Time calls waited for client-side capacity (timer), by model. */
	public static final String LIMITER_WAIT = "claude.limiter.wait";

	/** Tokens used per tenant, a counter tagged {@code tenant} and {@code gen_ai.token.type}. */
	public static final String TENANT_TOKENS = "claude.tenant.tokens";

	/** A rate limit (gauge), by model group and dimension: the server's, else the configured one. */
	public static final String RATELIMIT_LIMIT = "claude.ratelimit.limit";

	/** What remains of a rate limit (gauge), by model group and dimension. */
	public static final String RATELIMIT_REMAINING = "claude.ratelimit.remaining";

	/** The used fraction of a rate limit, 0 to 1 (gauge), by model group and dimension. */
	public static final String RATELIMIT_UTILIZATION = "claude.ratelimit.utilization";

	/** Tokens used today against the daily budget (gauge), by model group. */
	public static final String DAILY_TOKENS_USED = "claude.daily.tokens.used";

	/** Tag: the model asked for. */
	public static final String TAG_REQUEST_MODEL = "gen_ai.request.model";

	/** Tag: the model that answered ({@link #NONE} when none did). */
	public static final String TAG_RESPONSE_MODEL = "gen_ai.response.model";

	/** Tag: {@link #TOKEN_TYPE_INPUT} or {@link #TOKEN_TYPE_OUTPUT}. */
	public static final String TOKEN_TYPE = "gen_ai.token.type";

	/** Tag: the GenAI operation, always {@link #OPERATION_CHAT}. */
	public static final String TAG_OPERATION_NAME = "gen_ai.operation.name";

	/** Tag: the GenAI provider, always {@link #PROVIDER_ANTHROPIC}. */
	public static final String TAG_PROVIDER_NAME = "gen_ai.provider.name";

	/** Tag: how a call ended, one of the {@code ClaudeObserver.Outcome} words. */
	public static final String TAG_OUTCOME = "outcome";

	/** Tag: a model id. */
	public static final String TAG_MODEL = "model";

	/** Tag: a rate-limit model group ({@code opus}, {@code sonnet}, {@code haiku}, ...). */
	public static final String TAG_GROUP = "group";

	/** Tag: a rate-limit dimension, see {@link LimitDimension#tag()}. */
	public static final String TAG_DIMENSION = "dimension";

	/** Tag: why an attempt was retried. */
	public static final String TAG_REASON = "reason";

	/** Tag of a tenant, bounded: the first tenants by name, the rest {@code other}. */
	public static final String TAG_TENANT = "tenant";

	/** Tag of the lane a call waited in: {@code interactive} or {@code batch}. */
	public static final String TAG_LANE = "lane";

	/** Tag: the model a fallback left. */
	public static final String TAG_FROM = "from";

	/** Tag: the model a fallback moved to. */
	public static final String TAG_TO = "to";

	/** Token type: input (prompt) tokens, cache reads and writes included. */
	public static final String TOKEN_TYPE_INPUT = "input";

	/** Token type: output tokens. */
	public static final String TOKEN_TYPE_OUTPUT = "output";

	/** Operation name of a Messages API call. */
	public static final String OPERATION_CHAT = "chat";

	/** Provider name. */
	public static final String PROVIDER_ANTHROPIC = "anthropic";

	/** Tag value when there is no model (no answer). */
	public static final String NONE = BoundedTagValues.NONE;

	/** Tag value for a model id or reason beyond the bounded set. */
	public static final String OTHER = BoundedTagValues.OTHER;

	private ClaudeMeterNames() {
	}

	/**
	 * The name of the token usage meter under a prefix.
	 * @param prefix the prefix, such as {@value #DEFAULT_GEN_AI_PREFIX} or {@code gen_ai}
	 * @return {@code <prefix>.client.token.usage}
	 * @since 0.2.0
	 */
	public static String tokenUsage(String prefix) {
		return prefix + ".client.token.usage";
	}

	/**
	 * The name of the operation duration meter under a prefix.
	 * @param prefix the prefix, such as {@value #DEFAULT_GEN_AI_PREFIX} or {@code gen_ai}
	 * @return {@code <prefix>.client.operation.duration}
	 * @since 0.2.0
	 */
	public static String operationDuration(String prefix) {
		return prefix + ".client.operation.duration";
	}

}
