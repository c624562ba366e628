package dev.clauderesilience.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names a call's observation and its key values. The auto-configured one is a
 * {@link DefaultClaudeObservationConvention}; a bean of this type replaces it, and a
 * {@code GlobalObservationConvention} registered with the {@code ObservationRegistry} takes
 * precedence over both.
 *
 * @since 0.2.0
 */
public interface ClaudeObservationConvention extends ObservationConvention<ClaudeObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof ClaudeObservationContext;
	}

}
