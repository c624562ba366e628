package dev.clauderesilience.sample;

import java.util.List;

import org.springframework.stereotype.Component;

/**
 * The anonymised inputs the API refused with 403, for a human to review.
 */
// placeholder: a later issue supplies the starter's ReviewQueue, which replaces this holder
@Component
class ReviewQueueHolder {

	List<String> entries() {
		return List.of();
	}

}
