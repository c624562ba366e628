package dev.clauderesilience.client;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The versions of the Claude API ({@code anthropic-version} header) this client speaks.
 *
 * @since 0.1.0
 */
public enum ApiVersion {

	/** The original version; the only one that accepts temperature, top_p and top_k. */
	V2023_06_01("2023-06-01"),

	/** The newest version (the default): sampling parameters removed, stricter content rules. */
	V2026_10_21("2026-10-21");

	private final String value;

	ApiVersion(String value) {
		this.value = value;
	}

	/**
	 * The header value, e.g. {@code 2026-10-21}.
	 * @return the header value
	 */
	public String value() {
		return this.value;
	}

	/**
	 * Whether requests may carry {@code temperature}, {@code top_p} and {@code top_k}.
	 * @return {@code true} for {@code 2023-06-01}
	 */
	public boolean supportsSamplingParameters() {
		return this == V2023_06_01;
	}

	/**
	 * The version for a header value.
	 * @param value a header value such as {@code 2026-10-21}
	 * @return the version
	 * @throws IllegalArgumentException when the value names no supported version
	 */
	public static ApiVersion of(String value) {
		for (ApiVersion version : values()) {
			if (version.value.equals(value)) {
				return version;
			}
		}
		throw new IllegalArgumentException("Unsupported anthropic-version '" + value + "'; supported: " + supported());
	}

	/**
	 * The supported header values, comma-separated, for messages.
	 * @return e.g. {@code 2023-06-01, 2026-10-21}
	 */
	public static String supported() {
		return Arrays.stream(values()).map(ApiVersion::value).collect(Collectors.joining(", "));
	}

	@Override
	public String toString() {
		return this.value;
	}

}
