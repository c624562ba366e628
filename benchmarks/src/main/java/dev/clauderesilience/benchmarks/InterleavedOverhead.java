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
 * <p>Each client makes {@code --block} calls in a row before the next takes over, so that each
 * is measured in its own steady state (its connection, its event loop, its code hot in the
 * caches), as an application that uses one of them would be; the first
 * {@value #SETTLING_CALLS} calls of a block are not counted. Before the rounds, every client
 * runs for {@code --warmup-seconds}: on a 2-core machine the JIT compiler needs about 30 s to
 * settle the starter's code, longer than JMH's default warm-up of this benchmark.
 *
 * <p>Usage: {@code java -cp "$CP" dev.clauderesilience.benchmarks.InterleavedOverhead
 * [--rounds=5] [--calls=4000] [--block=200] [--warmup-seconds=60]}.
 */
public final class InterleavedOverhead {

	private static final int SETTLING_CALLS = 20;

	private InterleavedOverhead() {
	}

	public static void main(String[] args) {
		Map<String, String> options = CommandLine.options(args);
		int rounds = Integer.parseInt(options.getOrDefault("rounds", "5"));
		int calls = Integer.parseInt(options.getOrDefault("calls", "4000"));
		int block = Math.max(SETTLING_CALLS + 1, Integer.parseInt(options.getOrDefault("block", "200")));
		long warmupSeconds = Long.parseLong(options.getOrDefault("warmup-seconds", "60"));
		OverheadBenchmark benchmark = new OverheadBenchmark();
		try {
			benchmark.setUp();
			Map<String, Supplier<Object>> clients = new LinkedHashMap<>();
			clients.put("bare WebClient", benchmark::callBareWebClient);
			clients.put("Boot-built WebClient", benchmark::callBootBuiltWebClient);
			clients.put("the same, unobserved", benchmark::callBootBuiltWebClientUnobserved);
			clients.put("plain ClaudeClient", benchmark::callPlainClaudeClient);
			clients.put("starter", benchmark::callStarterPipeline);
			clients.put("starter, observations off", benchmark::callStarterPipelineUnobserved);
			clients.put("pipeline on an instant client", benchmark::pipelineOnAnInstantClient);
			clients.put("the same, observed", benchmark::observedPipelineOnAnInstantClient);
			String[] names = clients.keySet().toArray(String[]::new);
			long warmupEnd = System.nanoTime() + warmupSeconds * 1_000_000_000L;
			while (System.nanoTime() < warmupEnd) {
				for (String name : names) {
					for (int i = 0; i < block; i++) {
						clients.get(name).get();
					}
				}
			}
			System.out.println("| round | " + String.join(" | ", names)
					+ " | starter - bare | unobserved starter - bare |");
			System.out.println("|---".repeat(names.length + 3) + "|");
			int bare = Arrays.asList(names).indexOf("bare WebClient");
			int starter = Arrays.asList(names).indexOf("starter");
			int unobserved = Arrays.asList(names).indexOf("starter, observations off");
			int blocks = Math.max(1, calls / block);
			for (int round = 1; round <= rounds; round++) {
				long[][] nanos = new long[names.length][blocks * (block - SETTLING_CALLS)];
				int[] counted = new int[names.length];
				for (int b = 0; b < blocks; b++) {
					for (int k = 0; k < names.length; k++) {
						// a different client goes first in each block
						int which = (b + k) % names.length;
						Supplier<Object> client = clients.get(names[which]);
						for (int i = 0; i < block; i++) {
							long start = System.nanoTime();
							client.get();
							long took = System.nanoTime() - start;
							if (i >= SETTLING_CALLS) {
								nanos[which][counted[which]++] = took;
							}
						}
					}
				}
				double[] medians = new double[names.length];
				StringBuilder row = new StringBuilder("| " + round + " |");
				for (int k = 0; k < names.length; k++) {
					Arrays.sort(nanos[k]);
					medians[k] = nanos[k][nanos[k].length / 2] / 1000.0;
					row.append(String.format(" %.0f |", medians[k]));
				}
				row.append(String.format(" %+.0f | %+.0f |", medians[starter] - medians[bare],
						medians[unobserved] - medians[bare]));
				System.out.println(row);
			}
		}
		finally {
			benchmark.tearDown();
		}
		System.exit(0);
	}

}
