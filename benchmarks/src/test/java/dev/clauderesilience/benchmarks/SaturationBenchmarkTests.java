package dev.clauderesilience.benchmarks;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A smoke run of the saturation harness: it must drive every client and report a row each.
 * Timings are not checked.
 */
class SaturationBenchmarkTests {

	@Test
	void harnessWhenRunSmallShouldReportOneRowPerClient() {
		SaturationBenchmark.Options options = new SaturationBenchmark.Options(30, 8, 1, List.of("rpm"),
				List.of("starter", "webclient", "sdk"), Duration.ofSeconds(15), null);
		List<SaturationBenchmark.Row> rows = SaturationBenchmark.runRepeat(options, 1);
		assertThat(rows).extracting(SaturationBenchmark.Row::client)
			.containsExactly("starter", "webclient+retry", "anthropic-java");
		assertThat(rows).allSatisfy((row) -> {
			assertThat(row.requests()).isEqualTo(30);
			assertThat(row.succeeded() + row.failed()).isEqualTo(30);
			assertThat(row.upstreamCalls()).isPositive();
		});
		assertThat(SaturationBenchmark.table(rows)).contains("| rpm (RPM) | starter |");
	}

}
