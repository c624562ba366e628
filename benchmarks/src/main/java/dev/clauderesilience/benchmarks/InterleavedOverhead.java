package dev.clauderesilience.benchmarks;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The call benchmarks of {@link OverheadBenchmark}, interleaved: each round calls every client
 * in turn, so all of them see the same machine. JMH runs its benchmarks one after another, and
 * on a small shared machine the drift between them (other processes, the simulator's warm-up)
 * is as large as the difference being measured.
 *
 * <p>Usage: {@code java -cp "$CP" dev.clauderesilience.benchmarks.InterleavedOverhead
 * [--rounds=5] [--calls=5000]}. Round 0 is warm-up and not reported.
 */
public final class InterleavedOverhead {

	private InterleavedOverhead() {
	}

	public static void main(String[] args) {
		Map<String, String> options = CommandLine.options(args);
		int rounds = Integer.parseInt(options.getOrDefault("rounds", "5"));
		int calls = Integer.parseInt(options.getOrDefault("calls", "5000"));
		OverheadBenchmark benchmark = new OverheadBenchmark();
		benchmark.setUp();
		try {
			Map<String, Supplier<Object>> clients = new LinkedHashMap<>();
			clients.put("bare WebClient", benchmark::callBareWebClient);
			clients.put("Boot-built WebClient", benchmark::callBootBuiltWebClient);
			clients.put("plain ClaudeClient", benchmark::callPlainClaudeClient);
			clients.put("starter", benchmark::callStarterPipeline);
			clients.put("pipeline on an instant client", benchmark::pipelineOnAnInstantClient);
			clients.put("the same, observed", benchmark::observedPipelineOnAnInstantClient);
			String[] names = clients.keySet().toArray(String[]::new);
			System.out.println("| round | " + String.join(" | ", names)
					+ " | starter - bare | starter - Boot-built |");
			System.out.println("|---".repeat(names.length + 3) + "|");
			for (int round = 0; round <= rounds; round++) {
				long[][] nanos = new long[names.length][calls];
				for (int i = 0; i < calls; i++) {
					for (int k = 0; k < names.length; k++) {
						// a different client goes first in each call, so none always follows another
						int which = (i + k) % names.length;
						long start = System.nanoTime();
						clients.get(names[which]).get();
						nanos[which][i] = System.nanoTime() - start;
					}
				}
				if (round == 0) {
					continue;
				}
				double[] medians = new double[names.length];
				StringBuilder row = new StringBuilder("| " + round + " |");
				for (int k = 0; k < names.length; k++) {
					Arrays.sort(nanos[k]);
					medians[k] = nanos[k][calls / 2] / 1000.0;
					row.append(String.format(" %.0f |", medians[k]));
				}
				row.append(String.format(" %+.0f | %+.0f |", medians[3] - medians[0], medians[3] - medians[1]));
				System.out.println(row);
			}
		}
		finally {
			benchmark.tearDown();
		}
		System.exit(0);
	}

}
