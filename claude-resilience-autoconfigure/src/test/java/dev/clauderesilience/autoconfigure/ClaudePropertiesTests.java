package dev.clauderesilience.autoconfigure;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.web.reactive.function.client.WebClientAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClaudeProperties} asks every property group to check itself and stops start-up once,
 * with the invalid values of all groups.
 */
class ClaudePropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClaudeAutoConfiguration.class, WebClientAutoConfiguration.class))
		.withPropertyValues("ANTHROPIC_API_KEY=", "claude.api-key=sk-ant-api03-properties-test");

	@Test
	void invalidValuesOfEveryGroupShouldBeReportedTogetherAtStartUp() {
		this.runner
			.withPropertyValues("claude.review.capacity=0", "claude.cache.stale-ttl=-1m",
					"claude.limits.warn-utilization=0", "claude.limits.redis.timeout=0ms",
					"claude.limits.tenants.acme.tokens-per-day=0", "claude.limits.lanes.batch.min-share=1",
					"claude.connection-pool.max-pending-acquires=0", "claude.timeouts.response=-1s",
					"claude.max-response-size=1B", "claude.deadline=0s")
			.run((context) -> {
				FailureAnalysis analysis = new ClaudePropertyFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).as("analysis of the start-up failure").isNotNull();
				// the top-level properties first, then each group in turn
				List<String> invalid = List.of("claude.deadline", "claude.max-response-size", "claude.timeouts.response",
						"claude.connection-pool.max-pending-acquires", "claude.limits.lanes.batch.min-share",
						"claude.limits.tenants.acme.tokens-per-day", "claude.limits.redis.timeout",
						"claude.limits.warn-utilization", "claude.cache.stale-ttl", "claude.review.capacity");
				assertThat(analysis.getCause()).isInstanceOfSatisfying(InvalidClaudePropertyException.class,
						(ex) -> assertThat(ex.getProblems()).extracting(InvalidClaudePropertyException.Problem::property)
							.containsExactlyElementsOf(invalid));
				assertThat(analysis.getDescription())
					.startsWith("Invalid Claude configuration: " + invalid.size() + " invalid properties:");
				assertThat(analysis.getDescription().lines().skip(1)).hasSize(invalid.size())
					.zipSatisfy(invalid, (line, property) -> assertThat(line).startsWith("  - Property '" + property + "'"));
				assertThat(analysis.getAction().lines()).hasSize(invalid.size())
					.zipSatisfy(invalid, (line, property) -> assertThat(line).startsWith("- " + property + ": "));
			});
	}

	@Test
	void invalidValueInAGroupShouldNameItsValueAndFix() {
		this.runner.withPropertyValues("claude.cache.stale-ttl=-1m", "claude.limits.lanes.batch.min-share=1")
			.run((context) -> {
				FailureAnalysis analysis = new ClaudePropertyFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("2 invalid properties")
					.contains("Property 'claude.limits.lanes.batch.min-share' with value '1.0' must be at least 0 and below 1.")
					.containsPattern("Property 'claude.cache.stale-ttl' with value '[^']+' must not be negative\\.");
				assertThat(analysis.getAction()).contains(
						"- claude.cache.stale-ttl: Set claude.cache.stale-ttl to 0 (no stale answers) or a duration such as 1h.");
			});
	}

}
