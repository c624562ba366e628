package dev.clauderesilience.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.clauderesilience.test.ClaudeSimulator;
import dev.clauderesilience.test.JournalEntry;

/**
 * The saturation run: the same workload (N requests from C caller threads, each blocking on one
 * call at a time) against a fresh strict simulator per client, driven through the starter, a
 * plain WebClient with three exponential-backoff retries, and the official SDK with its default
 * retries. Prints one markdown table per repeat, then medians over the repeats.
 * <p>
 * Options ({@code --name=value}): {@code requests} (1000), {@code callers} (64), {@code repeats}
 * (1), {@code scenarios} ({@code rpm,itpm,otpm,faults}), {@code clients}
 * ({@code starter,webclient,sdk}), {@code timeout} per client run ({@code PT4M}), {@code out}
 * (also write the markdown to this file).
 */
public final class SaturationBenchmark {

	static final String MESSAGES_PATH = "/v1/messages";

	private SaturationBenchmark() {
	}

	public static void main(String[] args) throws IOException {
		Options options = Options.parse(args);
		System.err.printf(Locale.ROOT, "saturation: %s%n", options);
		StringBuilder markdown = new StringBuilder();
		List<Row> rows = new ArrayList<>();
		for (int repeat = 1; repeat <= options.repeats(); repeat++) {
			List<Row> repeatRows = runRepeat(options, repeat);
			rows.addAll(repeatRows);
			String table = "### Run " + repeat + "\n\n" + table(repeatRows) + "\n";
			System.out.println(table);
			markdown.append(table).append('\n');
		}
		String summary = "### Medians over " + options.repeats() + " run(s)\n\n" + medians(rows) + "\n"
				+ "### Ratios between clients, measured in the same run (median over runs)\n\n" + ratios(rows);
		System.out.println(summary);
		markdown.append(summary);
		if (options.out() != null) {
			Files.writeString(Path.of(options.out()), markdown);
		}
		System.exit(0);
	}

	/**
	 * One repeat: every scenario, every client. The client order rotates with the repeat so
	 * that no client always runs on the coldest JVM.
	 */
	static List<Row> runRepeat(Options options, int repeat) {
		List<Row> rows = new ArrayList<>();
		for (String name : options.scenarios()) {
			Scenario scenario = Scenario.named(name);
			List<String> clients = new ArrayList<>(options.clients());
			java.util.Collections.rotate(clients, -(repeat - 1));
			for (String client : clients) {
				Row row = runOne(scenario, client, options, repeat);
				System.err.printf(Locale.ROOT, "  run %d %-6s %-16s ok %d/%d, 429s %d, %.1f s%n", repeat, name,
						row.client(), row.succeeded(), row.requests(), row.upstream429(), row.seconds());
				rows.add(row);
			}
		}
		rows.sort(java.util.Comparator.comparingInt((Row row) -> options.scenarios().indexOf(row.scenario()))
			.thenComparingInt((row) -> options.clients().indexOf(clientKey(row.client()))));
		return rows;
	}

	static Row runOne(Scenario scenario, String clientKey, Options options, int repeat) {
		ClaudeSimulator.Builder builder = ClaudeSimulator.builder()
			.defaultLimits(scenario.simulatedLimits())
			.outputTokensBetween(scenario.shortestOutput(), scenario.outputTokens())
			.generationDelayPerToken(scenario.generationDelayPerToken())
			.seed(repeat * 31L + clientKey.hashCode());
		if (!scenario.faultRates().isEmpty()) {
			builder.faultRates(scenario.faultRates());
		}
		try (ClaudeSimulator simulator = builder.build().start();
				BenchmarkClient client = client(clientKey, simulator, scenario)) {
			int warmUpCalls = warmUp(scenario, client, simulator);
			return drive(scenario, client, simulator, options, repeat, warmUpCalls);
		}
	}

	/**
	 * One call per client before the measured run, then a pause as long as the burst: the
	 * connection and code paths are warm, and both the client's buckets (if any) and the
	 * simulator's are full again, so that neither side starts ahead of the other. Without it, the
	 * starter's buckets start filling at its first call while the simulator's start when that
	 * call arrives, and the cold first call's latency becomes a head start of that many
	 * requests, which the simulator answers with 429.
	 * @return the journal entries the warm-up made, excluded from the results
	 */
	private static int warmUp(Scenario scenario, BenchmarkClient client, ClaudeSimulator simulator) {
		try {
			client.call(scenario.prompt(-1));
		}
		catch (Exception ex) {
			// a fault-mix scenario may fail it; it is warm all the same
		}
		try {
			Thread.sleep(scenario.burst().toMillis() + 500);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return simulator.count();
	}

	static BenchmarkClient client(String key, ClaudeSimulator simulator, Scenario scenario) {
		return switch (key) {
			case "starter" -> StarterClient.forScenario(simulator, scenario);
			case "starter-max-tokens" -> StarterClient.forScenario(simulator, scenario, "max-tokens");
			case "webclient" -> new WebClientRetryClient(simulator, scenario.maxTokens());
			case "sdk" -> new SdkClient(simulator, scenario.maxTokens());
			default -> throw new IllegalArgumentException("Unknown client '" + key + "'");
		};
	}

	private static String clientKey(String name) {
		return switch (name) {
			case "starter" -> "starter";
			case "starter (max-tokens)" -> "starter-max-tokens";
			case "webclient+retry" -> "webclient";
			default -> "sdk";
		};
	}

	private static Row drive(Scenario scenario, BenchmarkClient client, ClaudeSimulator simulator, Options options,
			int repeat, int warmUpCalls) {
		int requests = options.requests();
		double[] latencies = new double[requests];
		Arrays.fill(latencies, Double.NaN);
		AtomicInteger next = new AtomicInteger();
		AtomicInteger succeeded = new AtomicInteger();
		Map<String, AtomicInteger> failures = new TreeMap<>();
		long[] lastEnd = new long[1];
		ExecutorService callers = Executors.newFixedThreadPool(options.callers());
		long start;
		double heapMib;
		try (JvmSampler sampler = JvmSampler.start(20)) {
			start = System.nanoTime();
			for (int c = 0; c < options.callers(); c++) {
				callers.execute(() -> {
					for (int i = next.getAndIncrement(); i < requests
							&& !Thread.currentThread().isInterrupted(); i = next.getAndIncrement()) {
						long begin = System.nanoTime();
						try {
							client.call(scenario.prompt(i));
							succeeded.incrementAndGet();
						}
						catch (Throwable ex) {
							String kind = kind(ex);
							synchronized (failures) {
								failures.computeIfAbsent(kind, (k) -> new AtomicInteger()).incrementAndGet();
							}
						}
						long end = System.nanoTime();
						latencies[i] = (end - begin) / 1e6;
						synchronized (lastEnd) {
							lastEnd[0] = Math.max(lastEnd[0], end);
						}
					}
				});
			}
			callers.shutdown();
			try {
				if (!callers.awaitTermination(options.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
					callers.shutdownNow();
					callers.awaitTermination(10, TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			heapMib = sampler.peakHeapAboveBaselineMib();
		}
		double seconds;
		synchronized (lastEnd) {
			seconds = Math.max(1e-3, (lastEnd[0] - start) / 1e9);
		}
		int ok = succeeded.get();
		int failed = failures.values().stream().mapToInt(AtomicInteger::get).sum();
		int unfinished = requests - ok - failed;
		Map<String, Integer> kinds = new LinkedHashMap<>();
		failures.forEach((kind, count) -> kinds.put(kind, count.get()));
		if (unfinished > 0) {
			kinds.put("unfinished at timeout", unfinished);
		}
		List<JournalEntry> calls = simulator.journal()
			.stream()
			.skip(warmUpCalls)
			.filter((entry) -> MESSAGES_PATH.equals(entry.path()))
			.toList();
		long upstream429 = calls.stream().filter((entry) -> entry.status() == 429).count();
		double achieved = switch (scenario.binding()) {
			case "RPM" -> ok;
			case "ITPM" -> calls.stream().filter((e) -> e.status() == 200).mapToLong(JournalEntry::inputTokens).sum();
			default -> calls.stream().filter((e) -> e.status() == 200).mapToLong(JournalEntry::outputTokens).sum();
		};
		// the most the simulator's bucket can admit in the run: what it held at the start (the
		// burst) plus what it refilled during the run
		double perSecond = scenario.bindingLimit() / 60.0;
		double admissible = perSecond * (seconds + scenario.burst().toMillis() / 1000.0);
		double[] measured = Percentiles.sorted(Arrays.stream(latencies).filter((v) -> !Double.isNaN(v)).toArray());
		return new Row(scenario.name(), scenario.binding(), repeat, client.name(), requests, ok, failed + unfinished,
				kinds, calls.size(), upstream429, seconds, achieved / admissible, achieved / seconds * 60.0,
				Percentiles.of(measured, 50), Percentiles.of(measured, 95), Percentiles.of(measured, 99), heapMib);
	}

	private static String kind(Throwable failure) {
		String name = failure.getClass().getName();
		return name.substring(name.lastIndexOf('.') + 1);
	}

	static String table(List<Row> rows) {
		StringBuilder out = new StringBuilder();
		out.append("| scenario (binding) | client | ok / requests | caller failures | upstream calls | upstream 429s "
				+ "| calls per success | throughput, % of admissible | p50 ms | p95 ms | p99 ms | peak heap MiB | run s |\n");
		out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
		for (Row row : rows) {
			out.append(String.format(Locale.ROOT,
					"| %s (%s) | %s | %d / %d | %d%s | %d | %d (%.1f%%) | %s | %.1f%% | %.0f | %.0f | %.0f | %.0f | %.1f |%n",
					row.scenario(), row.binding(), row.client(), row.succeeded(), row.requests(), row.failed(),
					row.failureKinds().isEmpty() ? "" : " " + row.failureKinds(), row.upstreamCalls(),
					row.upstream429(), row.percent429(), callsPerSuccess(row), row.fraction() * 100, row.p50(),
					row.p95(), row.p99(), row.peakHeapMib(), row.seconds()));
		}
		return out.toString();
	}

	private static String callsPerSuccess(Row row) {
		return (row.succeeded() == 0) ? "n/a"
				: String.format(Locale.ROOT, "%.2f", row.upstreamCalls() / (double) row.succeeded());
	}

	static String medians(List<Row> rows) {
		StringBuilder out = new StringBuilder();
		out.append("| scenario (binding) | client | caller failures | upstream 429s, % of calls | calls per success "
				+ "| throughput, % of admissible | p50 ms | p95 ms | p99 ms | peak heap MiB |\n");
		out.append("|---|---|---|---|---|---|---|---|---|---|\n");
		Map<String, List<Row>> groups = rows.stream()
			.collect(Collectors.groupingBy((row) -> row.scenario() + "\u0000" + row.client(), LinkedHashMap::new,
					Collectors.toList()));
		groups.values().forEach((group) -> {
			Row first = group.get(0);
			out.append(String.format(Locale.ROOT,
					"| %s (%s) | %s | %.0f | %.1f%% | %.2f | %.1f%% | %.0f | %.0f | %.0f | %.0f |%n", first.scenario(),
					first.binding(), first.client(), median(group, (row) -> (double) row.failed()),
					median(group, Row::percent429),
					median(group, (row) -> row.upstreamCalls() / (double) Math.max(1, row.succeeded())),
					median(group, (row) -> row.fraction() * 100), median(group, Row::p50), median(group, Row::p95),
					median(group, Row::p99), median(group, Row::peakHeapMib)));
		});
		return out.toString();
	}

	static String ratios(List<Row> rows) {
		StringBuilder out = new StringBuilder();
		out.append("| scenario | compared with | useful throughput, starter / other | caller failures, other - starter "
				+ "| upstream 429s, other / starter |\n");
		out.append("|---|---|---|---|---|\n");
		Map<String, Map<Integer, Map<String, Row>>> byScenario = new LinkedHashMap<>();
		rows.forEach((row) -> byScenario.computeIfAbsent(row.scenario(), (k) -> new TreeMap<>())
			.computeIfAbsent(row.repeat(), (k) -> new LinkedHashMap<>())
			.put(row.client(), row));
		byScenario.forEach((scenario, repeats) -> {
			for (String other : List.of("starter (max-tokens)", "webclient+retry", "anthropic-java")) {
				List<Double> throughput = new ArrayList<>();
				List<Double> failures = new ArrayList<>();
				List<Double> rateLimited = new ArrayList<>();
				repeats.values().forEach((clients) -> {
					Row starter = clients.get("starter");
					Row them = clients.get(other);
					if (starter != null && them != null) {
						throughput.add(starter.perMinute() / Math.max(1e-9, them.perMinute()));
						failures.add((double) (them.failed() - starter.failed()));
						rateLimited.add(them.upstream429() / (double) Math.max(1, starter.upstream429()));
					}
				});
				if (!throughput.isEmpty()) {
					out.append(String.format(Locale.ROOT, "| %s | %s | %.2fx | %+.0f | %.0fx%s |%n", scenario, other,
							Percentiles.median(throughput), Percentiles.median(failures),
							Percentiles.median(rateLimited),
							repeats.values().stream().anyMatch((c) -> c.containsKey("starter")
									&& c.get("starter").upstream429() == 0) ? " (starter had 0; divided by 1)" : ""));
				}
			}
		});
		return out.toString();
	}

	private static double median(List<Row> rows, java.util.function.ToDoubleFunction<Row> value) {
		return Percentiles.median(rows.stream().map(value::applyAsDouble).toList());
	}

	/**
	 * The results of one client in one scenario.
	 *
	 * @param scenario the scenario name
	 * @param binding the binding limit
	 * @param repeat which repeat
	 * @param client the client name
	 * @param requests requests attempted
	 * @param succeeded requests answered to the caller
	 * @param failed requests failed to the caller (or unfinished at the timeout)
	 * @param failureKinds failures by exception class
	 * @param upstreamCalls {@code POST /v1/messages} calls the simulator received
	 * @param upstream429 of those, answered 429
	 * @param seconds first call to last answer
	 * @param fraction useful throughput over the most the binding bucket admits in that time
	 * @param perMinute useful throughput per minute, in the binding unit
	 * @param p50 latency percentiles of all calls, failures included, in milliseconds
	 * @param p95 95th percentile
	 * @param p99 99th percentile
	 * @param peakHeapMib peak used heap above the pre-run baseline
	 */
	record Row(String scenario, String binding, int repeat, String client, int requests, int succeeded, int failed,
			Map<String, Integer> failureKinds, int upstreamCalls, long upstream429, double seconds, double fraction,
			double perMinute, double p50, double p95, double p99, double peakHeapMib) {

		double percent429() {
			return (this.upstreamCalls == 0) ? 0 : 100.0 * this.upstream429 / this.upstreamCalls;
		}

	}

	/**
	 * The command-line options.
	 *
	 * @param requests requests per client run
	 * @param callers concurrent caller threads
	 * @param repeats how many times to run everything
	 * @param scenarios scenario names
	 * @param clients client keys
	 * @param timeout the most one client run may take
	 * @param out a file to write the markdown to, or {@code null}
	 */
	record Options(int requests, int callers, int repeats, List<String> scenarios, List<String> clients,
			Duration timeout, String out) {

		static Options defaults() {
			return new Options(1000, 64, 1, List.of("rpm", "itpm", "otpm", "faults"),
					List.of("starter", "webclient", "sdk"), Duration.ofMinutes(4), null);
		}

		static Options parse(String[] args) {
			Map<String, String> values = new LinkedHashMap<>();
			for (String arg : args) {
				if (!arg.startsWith("--") || !arg.contains("=")) {
					throw new IllegalArgumentException("Expected --name=value, got '" + arg + "'");
				}
				values.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
			}
			Options d = defaults();
			Options options = new Options(Integer.parseInt(values.getOrDefault("requests", "" + d.requests())),
					Integer.parseInt(values.getOrDefault("callers", "" + d.callers())),
					Integer.parseInt(values.getOrDefault("repeats", "" + d.repeats())),
					list(values.get("scenarios"), d.scenarios()), list(values.get("clients"), d.clients()),
					Duration.parse(values.getOrDefault("timeout", d.timeout().toString())), values.get("out"));
			values.keySet()
				.stream()
				.filter((key) -> !List.of("requests", "callers", "repeats", "scenarios", "clients", "timeout", "out")
					.contains(key))
				.findFirst()
				.ifPresent((key) -> {
					throw new IllegalArgumentException("Unknown option --" + key);
				});
			return options;
		}

		private static List<String> list(String value, List<String> fallback) {
			return (value == null) ? fallback : List.of(value.split(","));
		}

	}

}
