package dev.clauderesilience.client;

/**
 * How the API key is sent.
 *
 * @since 0.1.0
 */
public enum AuthScheme {

	/** As an {@code x-api-key} header. */
	X_API_KEY,

	/** As an {@code Authorization: Bearer} header, like the official SDKs' newest versions. */
	BEARER

}
