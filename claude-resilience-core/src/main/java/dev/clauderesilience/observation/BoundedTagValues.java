package dev.clauderesilience.observation;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Keeps tag values bounded: the first {@code maxModels} well-formed model ids keep their name,
 * any further or malformed one becomes {@value #OTHER}; retry reasons are a fixed vocabulary. A
 * bug or a caller echoing user input into the model field must not explode the metrics
 * backend. Shared by the meters and the observations' default convention.
 *
 * @since 0.2.0
 */
public final class BoundedTagValues {

	/** Tag value when there is no model (no answer). */
	public static final String NONE = "none";

	/** Tag value for a model id or reason beyond the bounded set. */
	public static final String OTHER = "other";

	private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@/-]{0,63}");

	private static final Pattern STATUS_REASON = Pattern.compile("status_[1-5][0-9]{2}");

	// the words the pipeline gives as retry reasons: the API's error types and the starter's own
	private static final Set<String> REASONS = Set.of("invalid_request_error", "authentication_error",
			"billing_error", "permission_error", "not_found_error", "request_too_large", "rate_limit_error",
			"api_error", "timeout_error", "overloaded_error", "stream_error", "timeout", "connection_error",
			"malformed_response", OTHER);

	private final int maxModels;

	private final Set<String> models = ConcurrentHashMap.newKeySet();

	private final AtomicInteger admitted = new AtomicInteger();

	/**
	 * Bounded model ids.
	 * @param maxModels how many distinct model ids keep their name
	 */
	public BoundedTagValues(int maxModels) {
		this.maxModels = maxModels;
	}

	/**
	 * A model id as a tag value.
	 * @param model the model id, or {@code null}
	 * @return the id, {@value #NONE} for none, or {@value #OTHER} beyond the bound or malformed
	 */
	public String model(String model) {
		if (model == null || model.isEmpty()) {
			return NONE;
		}
		if (this.models.contains(model)) {
			return model;
		}
		if (!MODEL_ID.matcher(model).matches()) {
			return OTHER;
		}
		// reserve a slot first so that concurrent newcomers cannot pass the cap together
		if (this.admitted.incrementAndGet() > this.maxModels) {
			this.admitted.decrementAndGet();
			return this.models.contains(model) ? model : OTHER;
		}
		if (!this.models.add(model)) {
			this.admitted.decrementAndGet();
		}
		return model;
	}

	/**
	 * A retry reason as a tag value.
	 * @param reason the reason, or {@code null}
	 * @return the reason when it is one of the fixed words, else {@value #OTHER}
	 */
	public static String reason(String reason) {
		if (reason == null) {
			return OTHER;
		}
		return (REASONS.contains(reason) || STATUS_REASON.matcher(reason).matches()) ? reason : OTHER;
	}

}
