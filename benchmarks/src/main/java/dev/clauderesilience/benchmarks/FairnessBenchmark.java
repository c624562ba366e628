package dev.clauderesilience.benchmarks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.MessageCreateParams;
import reactor.core.publisher.Mono;

import org.springframework.context.ConfigurableApplicationContext;

import dev.clauderesilience.client.ClaudeClient;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeRequest.Priority;
import dev.clauderesilience.test.ClaudeSimulator;
import dev.clauderesilience.test.SimulatedLimits;

/**
 * Who waits when a limit binds. Against a strict 600 RPM simulator (answers of 20 tokens in
 * 200 ms):
 * <ul>
 * <li>{@code lanes}: 500 batch calls are submitted at once, then one interactive call a second;
 * how long do the interactive calls wait, and does the batch still complete?</li>
 * <li>{@code tenants}: one tenant submits 500 calls at once while another sends one a second;
 * is the quiet tenant's wait within twice its wait on an idle system?</li>
 * </ul>
 * Clients: the starter with priorities and tenants ({@code starter}), the starter with every
 * call in one lane and one tenant ({@code starter-one-queue}), and the official SDK with its
 * defaults ({@code sdk}, the backlog on 64 threads). Options ({@code --name=value}):
 * {@code scenarios} (lanes,tenants), {@code clients}, {@code backlog} (500), {@code steady} (40
 * calls, one a second).
 */
public final class FairnessBenchmark {

	private static final long RPM = 600;

	private FairnessBenchmark() {
	}

	public static void main(String[] args) throws InterruptedException {
		Map<String, String> options = CommandLine.options(args);
		List<String> scenarios = List.of(options.getOrDefault("scenarios", "lanes,tenants").split(","));
		List<String> clients = List.of(options.getOrDefault("clients", "starter,starter-one-queue,sdk").split(","));
		int backlog = Integer.parseInt(options.getOrDefault("backlog", "500"));
		int steady = Integer.parseInt(options.getOrDefault("steady", "40"));
		StringBuilder table = new StringBuilder();
		table.append("| scenario | client | steady calls: p50 / p95 / max wait s | steady failed | backlog answered "
				+ "| backlog failed | backlog done after s | upstream 429s |\n|---|---|---|---|---|---|---|---|\n");
		for (String scenario : scenarios) {
			for (String client : clients) {
				if (scenario.equals("tenants")) {
					table.append(row(scenario + " (idle: quiet tenant alone)", client, run(scenario, client, 0, steady)));
				}
				table.append(row(scenario, client, run(scenario, client, backlog, steady)));
			}
		}
		System.out.println(table);
		System.exit(0);
	}

	private static String row(String scenario, String client, Result result) {
		return String.format(Locale.ROOT, "| %s | %s | %.2f / %.2f / %.2f | %d | %d | %d | %.0f | %d |%n", scenario, client,
				result.steadyP50(), result.steadyP95(), result.steadyMax(), result.steadyFailed(), result.backlogAnswered(),
				result.backlogFailed(), result.backlogSeconds(), result.upstream429());
	}

	static Result run(String scenario, String clientKey, int backlog, int steady) throws InterruptedException {
		try (ClaudeSimulator simulator = ClaudeSimulator.builder()
			.defaultLimits(new SimulatedLimits(RPM, null, null, Duration.ofSeconds(2)))
			.outputTokens(20)
			.generationDelayPerToken(Duration.ofMillis(10))
			.build()
			.start(); Caller caller = caller(clientKey, simulator)) {
			caller.call(request(Priority.INTERACTIVE, "warm-up", 0)).onErrorResume((ex) -> Mono.empty()).block();
			Thread.sleep(2_500);
			int warmUp = simulator.count();
			boolean lanes = scenario.equals("lanes");
			long start = System.nanoTime();
			AtomicInteger backlogAnswered = new AtomicInteger();
			AtomicInteger backlogFailed = new AtomicInteger();
			AtomicLong backlogEnd = new AtomicLong(start);
			for (int i = 0; i < backlog; i++) {
				ClaudeRequest request = lanes ? request(Priority.BATCH, null, i) : request(Priority.INTERACTIVE, "flood", i);
				caller.call(request)
					.doFinally((signal) -> backlogEnd.accumulateAndGet(System.nanoTime(), Math::max))
					.subscribe((ok) -> backlogAnswered.incrementAndGet(), (ex) -> backlogFailed.incrementAndGet());
			}
			List<Double> waits = new CopyOnWriteArrayList<>();
			AtomicInteger steadyFailed = new AtomicInteger();
			CountDownLatch steadyDone = new CountDownLatch(steady);
			for (int i = 0; i < steady; i++) {
				Thread.sleep(1_000);
				long submitted = System.nanoTime();
				ClaudeRequest request = lanes ? request(Priority.INTERACTIVE, null, 10_000 + i)
						: request(Priority.INTERACTIVE, "quiet", 10_000 + i);
				caller.call(request).doFinally((signal) -> steadyDone.countDown()).subscribe(
						(ok) -> waits.add((System.nanoTime() - submitted) / 1e9), (ex) -> steadyFailed.incrementAndGet());
			}
			steadyDone.await(10, TimeUnit.MINUTES);
			long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
			while (backlogAnswered.get() + backlogFailed.get() < backlog && System.nanoTime() < deadline) {
				Thread.sleep(100);
			}
			double[] sorted = Percentiles.sorted(waits.stream().mapToDouble(Double::doubleValue).toArray());
			long rateLimited = simulator.journal().stream().skip(warmUp).filter((entry) -> entry.status() == 429).count();
			return new Result(Percentiles.of(sorted, 50), Percentiles.of(sorted, 95),
					(sorted.length > 0) ? sorted[sorted.length - 1] : Double.NaN, steadyFailed.get(), backlogAnswered.get(),
					backlogFailed.get(), (backlogEnd.get() - start) / 1e9, rateLimited);
		}
	}

	private static ClaudeRequest request(Priority priority, String tenant, int index) {
		return ClaudeRequest.builder()
			.model(Scenario.MODEL)
			.maxTokens(64)
			.priority(priority)
			.tenant(tenant)
			.user("Request " + index + ": summarise the quarterly report.")
			.build();
	}

	static Caller caller(String key, ClaudeSimulator simulator) {
		return switch (key) {
			case "starter" -> new StarterCaller(simulator, true);
			case "starter-one-queue" -> new StarterCaller(simulator, false);
			case "sdk" -> new SdkCaller(simulator);
			default -> throw new IllegalArgumentException("Unknown client '" + key + "'");
		};
	}

	/**
	 * A client that answers a request as a Mono, whatever it does underneath.
	 */
	interface Caller extends AutoCloseable {

		Mono<Object> call(ClaudeRequest request);

		@Override
		void close();

	}

	// the starter at 600 RPM; long waits allowed, so that the comparison is of waits, not failures
	static final class StarterCaller implements Caller {

		private final ConfigurableApplicationContext context;

		private final ClaudeClient client;

		private final boolean lanesAndTenants;

		StarterCaller(ClaudeSimulator simulator, boolean lanesAndTenants) {
			Map<String, Object> properties = new LinkedHashMap<>();
			properties.put("claude.limits.requests-per-minute", RPM);
			properties.put("claude.limits.burst", "2s");
			properties.put("claude.limits.max-wait", "10m");
			properties.put("claude.limits.lanes.batch.max-wait", "10m");
			properties.put("claude.deadline", "10m");
			this.context = StarterClient.context(simulator, properties);
			this.client = this.context.getBean(ClaudeClient.class);
			this.lanesAndTenants = lanesAndTenants;
		}

		@Override
		public Mono<Object> call(ClaudeRequest request) {
			ClaudeRequest sent = this.lanesAndTenants ? request
					: request.toBuilder().priority(Priority.INTERACTIVE).tenant(null).build();
			return this.client.send(sent).cast(Object.class);
		}

		@Override
		public void close() {
			this.context.close();
		}

	}

	// the SDK blocks: the backlog runs on 64 threads, each steady call on its own
	static final class SdkCaller implements Caller {

		private final AnthropicClient client;

		private final ExecutorService backlog = Executors.newFixedThreadPool(64);

		private final ExecutorService steady = Executors.newCachedThreadPool();

		SdkCaller(ClaudeSimulator simulator) {
			this.client = AnthropicOkHttpClient.builder().baseUrl(simulator.baseUrl()).apiKey(simulator.apiKey()).build();
		}

		@Override
		public Mono<Object> call(ClaudeRequest request) {
			ExecutorService pool = (request.priority() == Priority.BATCH || "flood".equals(request.tenant()))
					? this.backlog : this.steady;
			return Mono.fromFuture(java.util.concurrent.CompletableFuture.supplyAsync(() -> (Object) this.client.messages()
				.create(MessageCreateParams.builder()
					.model(Scenario.MODEL)
					.maxTokens(request.maxTokens())
					.addUserMessage(request.messages().get(0).content().toString())
					.build()), pool));
		}

		@Override
		public void close() {
			this.backlog.shutdownNow();
			this.steady.shutdownNow();
			this.client.close();
		}

	}

	record Result(double steadyP50, double steadyP95, double steadyMax, int steadyFailed, int backlogAnswered,
			int backlogFailed, double backlogSeconds, long upstream429) {
	}

}
