package dev.clauderesilience.observation;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.common.KeyValues;

import dev.clauderesilience.client.ClaudeResponse;
import dev.clauderesilience.client.FailureClass;
import dev.clauderesilience.client.Usage;

/**
 * The default {@link ClaudeObservationConvention}: observations named {@value #NAME}, spans named
 * {@code claude chat <model>}, and the OpenTelemetry GenAI semantic conventions' attribute keys.
 * <p>
 * Low-cardinality keys (on spans and on the meters Spring Boot makes of observations), each
 * always present: {@value #OPERATION_NAME} ({@code chat}), {@value #PROVIDER_NAME}
 * ({@code anthropic}), {@value #REQUEST_MODEL}, {@value #RESPONSE_MODEL} ({@code none} without an
 * answer), {@value #ERROR_TYPE} (the failure's kind, such as {@code overloaded} or
 * {@code circuit_open}, else {@code none}) and {@value #OUTCOME} (a {@code ClaudeObserver.Outcome}
 * word, {@code cancelled}, or {@code none} while the call runs). Model ids are bounded: the first
 * 32 keep their name, later ones are {@code other}.
 * <p>
 * High-cardinality keys (spans only), present when known: {@value #INPUT_TOKENS} (cache reads and
 * writes included), {@value #OUTPUT_TOKENS}, {@value #RESPONSE_ID}, {@value #TENANT} and
 * {@value #FALLBACK_FROM} (the model asked for, when a fallback model answered).
 * <p>
 * The name is not Spring AI's {@code gen_ai.client.operation}: under a Spring AI {@code ChatModel}
 * both observations exist, one inside the other, and sharing a name would count each call twice
 * and require the very same tag keys.
 *
 * @since 0.2.0
 */
public class DefaultClaudeObservationConvention implements ClaudeObservationConvention {

	/** The observation's name. */
	public static final String NAME = "claude.client.operation";

	/** Low-cardinality key: the GenAI operation, always {@code chat}. */
	public static final String OPERATION_NAME = "gen_ai.operation.name";

	/** Low-cardinality key: the GenAI provider, always {@code anthropic}. */
	public static final String PROVIDER_NAME = "gen_ai.provider.name";

	/** Low-cardinality key: the model asked for. */
	public static final String REQUEST_MODEL = "gen_ai.request.model";

	/** Low-cardinality key: the model that answered, {@code none} without an answer. */
	public static final String RESPONSE_MODEL = "gen_ai.response.model";

	/** Low-cardinality key: the kind of failure that ended the call, {@code none} without one. */
	public static final String ERROR_TYPE = "error.type";

	/** Low-cardinality key: how the call ended. */
	public static final String OUTCOME = "claude.outcome";

	/** High-cardinality key: input tokens, cache reads and writes included. */
	public static final String INPUT_TOKENS = "gen_ai.usage.input_tokens";

	/** High-cardinality key: output tokens. */
	public static final String OUTPUT_TOKENS = "gen_ai.usage.output_tokens";

	/** High-cardinality key: the id of the answer. */
	public static final String RESPONSE_ID = "gen_ai.response.id";

	/** High-cardinality key: the call's tenant. */
	public static final String TENANT = "claude.tenant";

	/** High-cardinality key: the model asked for, when a fallback model answered. */
	public static final String FALLBACK_FROM = "claude.fallback_from";

	private static final String CHAT = "chat";

	private static final String ANTHROPIC = "anthropic";

	private static final String CANCELLED = "cancelled";

	private static final int MAX_MODELS = 32;

	// the low-cardinality values of the combinations seen (bounded like the tags themselves) and the
	// span names of the models seen: made once, not on every call's start and stop
	private static final int MAX_CACHED = 1024;

	private final BoundedTagValues models = new BoundedTagValues(MAX_MODELS);

	private final Map<List<String>, KeyValues> lowCardinality = new ConcurrentHashMap<>();

	private final Map<String, String> contextualNames = new ConcurrentHashMap<>();

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(ClaudeObservationContext context) {
		String model = this.models.model(context.getRequest().model());
		String name = this.contextualNames.get(model);
		if (name == null) {
			name = "claude " + CHAT + " " + model;
			if (this.contextualNames.size() < MAX_CACHED) {
				this.contextualNames.put(model, name);
			}
		}
		return name;
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ClaudeObservationContext context) {
		ClaudeResponse response = context.getResponse();
		// a list that takes null: a subclass's null error type still fails where it did, in KeyValues.of
		List<String> values = Arrays.asList(this.models.model(context.getRequest().model()),
				this.models.model((response != null) ? response.model() : null), errorType(context), outcome(context));
		KeyValues keyValues = this.lowCardinality.get(values);
		if (keyValues == null) {
			keyValues = KeyValues.of(OPERATION_NAME, CHAT, PROVIDER_NAME, ANTHROPIC, REQUEST_MODEL, values.get(0),
					RESPONSE_MODEL, values.get(1), ERROR_TYPE, values.get(2), OUTCOME, values.get(3));
			// an error type of a subclass might take any value: past the bound, made each time
			if (this.lowCardinality.size() < MAX_CACHED) {
				this.lowCardinality.put(values, keyValues);
			}
		}
		return keyValues;
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ClaudeObservationContext context) {
		KeyValues values = KeyValues.empty();
		Usage usage = context.getUsage();
		if (usage != null && !Usage.NONE.equals(usage)) {
			long input = (long) usage.inputTokens() + usage.cacheCreationInputTokens() + usage.cacheReadInputTokens();
			values = values.and(INPUT_TOKENS, Long.toString(input), OUTPUT_TOKENS,
					Integer.toString(usage.outputTokens()));
		}
		ClaudeResponse response = context.getResponse();
		if (response != null && response.id() != null) {
			values = values.and(RESPONSE_ID, response.id());
		}
		if (response != null && response.fallbackFrom() != null) {
			values = values.and(FALLBACK_FROM, response.fallbackFrom());
		}
		if (context.getRequest().tenant() != null) {
			values = values.and(TENANT, context.getRequest().tenant());
		}
		return values;
	}

	/**
	 * The value of {@value #ERROR_TYPE}.
	 * @param context the context
	 * @return the failure's kind in lower case, or {@code none}
	 */
	protected String errorType(ClaudeObservationContext context) {
		FailureClass failure = context.getFailureClass();
		return (failure != null) ? failure.kind().name().toLowerCase(Locale.ROOT) : BoundedTagValues.NONE;
	}

	private static String outcome(ClaudeObservationContext context) {
		if (context.getOutcome() != null) {
			return context.getOutcome().tag();
		}
		return context.isCancelled() ? CANCELLED : BoundedTagValues.NONE;
	}

}
