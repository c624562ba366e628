package dev.clauderesilience.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Keeps tag values bounded: the first {@code maxModels} well-formed model ids keep their name,
 * any further or malformed one becomes {@value ClaudeMeterNames#OTHER}; retry reasons are a
 * fixed vocabulary. A bug or a caller echoing user input into the model field must not explode
 * the metrics backend.
 */
final class BoundedTagValues {

	private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@/-]{0,63}");

	private static final Pattern STATUS_REASON = Pattern.compile("status_[1-5][0-9]{2}");

	// the words Outcomes.reason gives: the API's error types and the starter's own
	private static final Set<String> REASONS = Set.of("invalid_request_error", "authentication_error",
			"billing_error", "permission_error", "not_found_error", "request_too_large", "rate_limit_error",
			"api_error", "timeout_error", "overloaded_error", "stream_error", "timeout", "connection_error",
			"malformed_response", ClaudeMeterNames.OTHER);

	private final int maxModels;

	private final Set<String> models = ConcurrentHashMap.newKeySet();

	private final AtomicInteger admitted = new AtomicInteger();

	BoundedTagValues(int maxModels) {
		this.maxModels = maxModels;
	}

	String model(String model) {
		if (model == null || model.isEmpty()) {
			return ClaudeMeterNames.NONE;
		}
		if (this.models.contains(model)) {
			return model;
		}
		if (!MODEL_ID.matcher(model).matches()) {
			return ClaudeMeterNames.OTHER;
		}
		// reserve a slot first so that concurrent newcomers cannot pass the cap together
		if (this.admitted.incrementAndGet() > this.maxModels) {
			this.admitted.decrementAndGet();
			return this.models.contains(model) ? model : ClaudeMeterNames.OTHER;
		}
		if (!this.models.add(model)) {
			this.admitted.decrementAndGet();
		}
		return model;
	}

	static String reason(String reason) {
		if (reason == null) {
			return ClaudeMeterNames.OTHER;
		}
		return (REASONS.contains(reason) || STATUS_REASON.matcher(reason).matches()) ? reason : ClaudeMeterNames.OTHER;
	}

}
