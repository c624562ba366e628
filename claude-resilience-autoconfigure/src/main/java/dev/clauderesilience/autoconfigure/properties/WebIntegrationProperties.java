package dev.clauderesilience.autoconfigure.properties;

import java.time.Duration;

/**
 * Web integration ({@code claude.web.*}).
 *
 * @since 0.2.0
 */
public class WebIntegrationProperties {

	/**
	 * Rendering of the starter's exceptions as problem details.
	 */
	private final ProblemDetails problemDetails = new ProblemDetails();

	public ProblemDetails getProblemDetails() {
		return this.problemDetails;
	}

	/**
	 * Reports the group's invalid values.
	 * @param prefix the group's property prefix, e.g. {@code claude.web}
	 * @param problems where to report
	 */
	public void validate(String prefix, PropertyProblems problems) {
		problems.positive(prefix + ".problem-details.default-retry-after", this.problemDetails.getDefaultRetryAfter());
	}

	/**
	 * Rendering of the starter's exceptions as RFC 9457 problem details.
	 *
	 * @since 0.2.0
	 */
	public static class ProblemDetails {

		/**
		 * Whether to render the starter's exceptions as problem+json (503 with Retry-After,
		 * 422 for refused content, 502 for rejected requests), never with upstream text.
		 */
		private boolean enabled;

		/**
		 * Retry-After sent with a 503 when the failure gives no hint.
		 */
		private Duration defaultRetryAfter = Duration.ofSeconds(30);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getDefaultRetryAfter() {
			return this.defaultRetryAfter;
		}

		public void setDefaultRetryAfter(Duration defaultRetryAfter) {
			this.defaultRetryAfter = defaultRetryAfter;
		}

	}

}
