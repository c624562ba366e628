package dev.clauderesilience.benchmarks;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;

import dev.clauderesilience.client.ClaudeClient;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeResponse;

/**
 * What the number of <em>kinds</em> of Reactor operator on a call's path costs over the network,
 * as opposed to their number: the plain {@link ClaudeClient} alone, behind 32 operators of 2 kinds
 * ({@code hide}, {@code map}), and behind 17 operators of about 15 kinds (those a resilience
 * pipeline typically uses; a few do a little work of their own: {@code timeout} subscribes to its
 * timeout publisher, {@code flatMap} to an inner Mono), interleaved in blocks as
 * {@link InterleavedOverhead} does. Each row gives the median time from the call until the plain
 * client is called (work on the caller's thread, whose caches went cold while it waited for the
 * previous answer) and the median of the whole call.
 *
 * <p>Usage: {@code java -cp "$CP" dev.clauderesilience.benchmarks.OperatorKinds [--rounds=3]
 * [--calls=3000] [--warmup-seconds=40]}.
 */
public final class OperatorKinds {

	private static final int BLOCK = 200;

	private static final int SETTLING_CALLS = 20;

	private static final int SAME_KIND_PAIRS = 16;

	// when the call reached the plain client; one caller thread
	private static long subscribedAt;

	private OperatorKinds() {
	}

	public static void main(String[] args) {
		Map<String, String> options = CommandLine.options(args);
		int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
		int calls = Integer.parseInt(options.getOrDefault("calls", "3000"));
		long warmupSeconds = Long.parseLong(options.getOrDefault("warmup-seconds", "40"));
		ExternalSimulator simulator = ExternalSimulator.start();
		try {
			ClaudeClient plain = ClaudeClient.builder().baseUrl(simulator.baseUrl()).apiKey(simulator.apiKey()).build();
			ClaudeRequest request = ClaudeRequest.of(Scenario.MODEL, 64, "What is the overhead?");
			Supplier<Mono<ClaudeResponse>> call = () -> Mono.defer(() -> {
				subscribedAt = System.nanoTime();
				return plain.send(request);
			});
			Map<String, Supplier<Mono<ClaudeResponse>>> clients = new LinkedHashMap<>();
			clients.put("plain ClaudeClient", call);
			clients.put("32 operators of 2 kinds", () -> twoKinds(call.get()));
			clients.put("17 operators of about 15 kinds", () -> manyKinds(call));
			run(clients, rounds, calls, warmupSeconds);
		}
		finally {
			simulator.close();
		}
		System.exit(0);
	}

	private static Mono<ClaudeResponse> twoKinds(Mono<ClaudeResponse> call) {
		Mono<ClaudeResponse> result = call;
		for (int i = 0; i < SAME_KIND_PAIRS; i++) {
			// hide: no fusion, so that each map stays an operator of its own
			result = result.hide().map((response) -> response);
		}
		return result;
	}

	// operators a resilience pipeline typically uses, each doing (next to) nothing
	private static Mono<ClaudeResponse> manyKinds(Supplier<Mono<ClaudeResponse>> call) {
		return Mono.deferContextual((context) -> Mono.defer(call)
			.flatMap((response) -> Mono.just(response).hide())
			.filter((response) -> response != null)
			.doOnNext((response) -> {
			})
			.doOnSuccess((response) -> {
			})
			.onErrorResume(IllegalStateException.class, (ex) -> Mono.empty())
			.onErrorMap(IllegalArgumentException.class, (ex) -> ex)
			.timeout(Mono.never())
			.flux()
			.single()
			.doFinally((signal) -> {
			})
			.doOnCancel(() -> {
			})
			.switchIfEmpty(Mono.error(IllegalStateException::new))
			.contextWrite((written) -> written.put("key", "value"))
			.cast(ClaudeResponse.class)).hide();
	}

	private static void run(Map<String, Supplier<Mono<ClaudeResponse>>> clients, int rounds, int calls,
			long warmupSeconds) {
		String[] names = clients.keySet().toArray(String[]::new);
		long warmupEnd = System.nanoTime() + warmupSeconds * 1_000_000_000L;
		while (System.nanoTime() < warmupEnd) {
			for (String name : names) {
				for (int i = 0; i < BLOCK; i++) {
					clients.get(name).get().block();
				}
			}
		}
		System.out.println("| round | client | until the client is called, us | whole call, us | whole call - plain, us |");
		System.out.println("|---|---|---|---|---|");
		int blocks = Math.max(1, calls / BLOCK);
		for (int round = 1; round <= rounds; round++) {
			long[][] before = new long[names.length][blocks * (BLOCK - SETTLING_CALLS)];
			long[][] whole = new long[names.length][blocks * (BLOCK - SETTLING_CALLS)];
			int[] counted = new int[names.length];
			for (int b = 0; b < blocks; b++) {
				for (int k = 0; k < names.length; k++) {
					int which = (b + k) % names.length;
					Supplier<Mono<ClaudeResponse>> client = clients.get(names[which]);
					for (int i = 0; i < BLOCK; i++) {
						long start = System.nanoTime();
						client.get().block();
						long end = System.nanoTime();
						if (i >= SETTLING_CALLS) {
							before[which][counted[which]] = subscribedAt - start;
							whole[which][counted[which]++] = end - start;
						}
					}
				}
			}
			double plain = median(whole[0]);
			for (int k = 0; k < names.length; k++) {
				System.out.printf("| %d | %s | %.1f | %.0f | %+.0f |%n", round, names[k], median(before[k]),
						median(whole[k]), median(whole[k]) - plain);
			}
		}
	}

	private static double median(long[] nanos) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2] / 1000.0;
	}

}
