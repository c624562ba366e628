package dev.clauderesilience.autoconfigure;

import java.util.Locale;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks the API key in {@code /actuator/env} and {@code /actuator/configprops}, even with
 * {@code show-values: always}. Any key named like an API key is masked, not only Claude's:
 * showing a secret is never what such a setting is for.
 */
final class ApiKeySanitizingFunction implements SanitizingFunction {

	@Override
	public SanitizableData apply(SanitizableData data) {
		String key = data.getKey();
		if (key == null) {
			return data;
		}
		String normalized = key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(".", "");
		return (normalized.endsWith("apikey")) ? data.withSanitizedValue() : data;
	}

}
