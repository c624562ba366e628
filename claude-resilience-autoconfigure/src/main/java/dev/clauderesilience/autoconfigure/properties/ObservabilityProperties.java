package dev.clauderesilience.autoconfigure.properties;

import java.util.regex.Pattern;

import dev.clauderesilience.metrics.ClaudeMeterNames;

/**
 * Names of meters ({@code claude.observability.*}).
 *
 * @since 0.2.0
 */
public class ObservabilityProperties {

	private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");

	/**
	 * Prefix of the two meters shaped after the OpenTelemetry GenAI metrics:
	 * PREFIX.client.token.usage and PREFIX.client.operation.duration. 'gen_ai' gives the
	 * conventions' own names; keep the default beside Spring AI, which registers
	 * gen_ai.client.token.usage as a counter with other tag keys (one name would be two
	 * instruments).
	 */
	private String genAiMeterPrefix = ClaudeMeterNames.DEFAULT_GEN_AI_PREFIX;

	public String getGenAiMeterPrefix() {
		return this.genAiMeterPrefix;
	}

	public void setGenAiMeterPrefix(String genAiMeterPrefix) {
		this.genAiMeterPrefix = genAiMeterPrefix;
	}

	/**
	 * Reports the group's invalid values.
	 * @param prefix the group's property prefix, e.g. {@code claude.observability}
	 * @param problems where to report
	 */
	public void validate(String prefix, PropertyProblems problems) {
		if (this.genAiMeterPrefix == null || !PREFIX.matcher(this.genAiMeterPrefix).matches()) {
			problems.add(prefix + ".gen-ai-meter-prefix", this.genAiMeterPrefix,
					"must be lower-case words separated by dots",
					"Set " + prefix + ".gen-ai-meter-prefix to claude (the default) or gen_ai.");
		}
	}

}
