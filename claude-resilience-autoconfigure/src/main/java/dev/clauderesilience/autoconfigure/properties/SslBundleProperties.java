package dev.clauderesilience.autoconfigure.properties;

/**
 * TLS towards the API or the gateway in front of it ({@code claude.ssl.*}).
 *
 * @since 0.2.0
 */
public class SslBundleProperties {

	/**
	 * Name of the SSL bundle ({@code spring.ssl.bundle.*}) the client trusts and presents,
	 * for a gateway with its own certificate authority or mutual TLS. Unset for the JVM's
	 * defaults.
	 */
	private String bundle;

	public String getBundle() {
		return this.bundle;
	}

	public void setBundle(String bundle) {
		this.bundle = bundle;
	}

}
