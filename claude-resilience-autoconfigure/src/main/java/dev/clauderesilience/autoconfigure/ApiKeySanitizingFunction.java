package dev.clauderesilience.autoconfigure;

import java.util.Locale;
import java.util.function.Supplier;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks the API key in {@code /actuator/env} and {@code /actuator/configprops}, even with
 * {@code show-values: always}: any property named like an API key (not only Claude's: showing a
 * secret is never what such a setting is for), and any value that contains the configured key,
 * whatever its name (the command line in {@code sun.java.command} with
 * {@code --claude.api-key=...}, say).
 */
final class ApiKeySanitizingFunction implements SanitizingFunction {

	// shorter strings would mask ordinary values by accident; real keys are far longer
	private static final int MIN_KEY_LENGTH = 8;

	private final Supplier<String> apiKey;

	ApiKeySanitizingFunction(Supplier<String> apiKey) {
		this.apiKey = apiKey;
	}

	@Override
	public SanitizableData apply(SanitizableData data) {
		String key = data.getKey();
		if (key != null) {
			String normalized = key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(".", "");
			if (normalized.endsWith("apikey")) {
				return data.withSanitizedValue();
			}
		}
		String secret = this.apiKey.get();
		Object value = data.getValue();
		if (secret != null && secret.length() >= MIN_KEY_LENGTH && value != null
				&& String.valueOf(value).contains(secret)) {
			return data.withSanitizedValue();
		}
		return data;
	}

}
