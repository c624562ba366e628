package dev.clauderesilience.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.databind.ObjectMapper;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.ConfigurableApplicationContext;

import dev.clauderesilience.client.ClaudeClient;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeStreamAccumulator;
import dev.clauderesilience.test.ClaudeSimulator;
import dev.clauderesilience.test.SimulatedFault;
import dev.clauderesilience.test.SimulatedLimits;

/**
 * Minutes of mixed traffic against a hostile simulator: random 529s, 500s, 429s (some asking
 * for 11 days), connection resets, mid-stream errors, truncated and dripping answers, streams
 * that only ping, and callers inventing 30,000 model names. Every call must end (answered or a
 * typed error, none lost or hung), heap after GC must stay flat, and health must answer within
 * 100 ms throughout. Options ({@code --name=value}): {@code minutes} (10), {@code callers} (64),
 * {@code names} (30000).
 */
public final class SoakBenchmark {

	private static final ObjectMapper json = new ObjectMapper();

	private SoakBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>();
		for (String arg : args) {
			options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
		}
		Duration length = Duration.ofMinutes(Long.parseLong(options.getOrDefault("minutes", "10")));
		int callers = Integer.parseInt(options.getOrDefault("callers", "64"));
		int names = Integer.parseInt(options.getOrDefault("names", "30000"));
		ClaudeSimulator.Builder builder = ClaudeSimulator.builder()
			.acceptAnyModel()
			.defaultLimits(new SimulatedLimits(6_000L, null, null, Duration.ofSeconds(2)))
			.outputTokensBetween(20, 200)
			.generationDelayPerToken(Duration.ofMillis(1))
			// the simulator shares the heap: its journal must not be what grows
			.journalCapacity(1_000)
			.seed(7);
		builder.faultRate(SimulatedFault.status(529), 0.02)
			.faultRate(SimulatedFault.status(500), 0.01)
			.faultRate(SimulatedFault.rateLimited(Duration.ofSeconds(1)), 0.01)
			.faultRate(SimulatedFault.status(429).withHeaders(Map.of("retry-after", "999999")), 0.0002)
			.faultRate(SimulatedFault.answerWithHeaders(Map.of("anthropic-ratelimit-requests-remaining", "0",
					"anthropic-ratelimit-requests-reset", "2099-01-01T00:00:00Z")), 0.002)
			.faultRate(SimulatedFault.connectionReset(), 0.005)
			.faultRate(SimulatedFault.midStreamError(), 0.005)
			.faultRate(SimulatedFault.truncatedBody(), 0.005)
			.faultRate(SimulatedFault.drip(Duration.ofMillis(20)), 0.002)
			.faultRate(SimulatedFault.pingsOnly(Duration.ofMillis(500)), 0.002);
		try (ClaudeSimulator simulator = builder.build().start()) {
			Map<String, Object> properties = new LinkedHashMap<>();
			properties.put("claude.limits.requests-per-minute", 6_000);
			properties.put("claude.deadline", "20s");
			properties.put("claude.fallback-models", "claude-sonnet-4-5,claude-haiku-4-5");
			properties.put("claude.cache.mode", "explicit");
			properties.put("management.endpoint.health.show-details", "always");
			ConfigurableApplicationContext context = StarterClient.context(simulator, properties);
			try {
				report(run(context, length, callers, names), simulator);
			}
			finally {
				context.close();
			}
		}
		System.exit(0);
	}

	static Figures run(ConfigurableApplicationContext context, Duration length, int callers, int names)
			throws InterruptedException {
		ClaudeClient client = context.getBean(ClaudeClient.class);
		// which breakers open, how often: an open breaker fails calls no fault touched
		Map<String, LongAdder> opened = new ConcurrentHashMap<>();
		io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry breakers = context
			.getBean(io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry.class);
		breakers.getEventPublisher().onEntryAdded((added) -> added.getAddedEntry().getEventPublisher()
			.onStateTransition((event) -> {
				if (event.getStateTransition().getToState() == io.github.resilience4j.circuitbreaker.CircuitBreaker.State.OPEN) {
					opened.computeIfAbsent(event.getCircuitBreakerName() + " from "
							+ event.getStateTransition().getFromState(), (k) -> new LongAdder()).increment();
				}
			}));
		HealthIndicator health = context.getBean("claudeHealthIndicator", HealthIndicator.class);
		LongAdder started = new LongAdder();
		LongAdder answered = new LongAdder();
		Map<String, LongAdder> failures = new ConcurrentHashMap<>();
		AtomicLong sequence = new AtomicLong();
		long end = System.nanoTime() + length.toNanos();
		Flux.range(0, callers)
			.flatMap((caller) -> Flux.generate(() -> 0, (state, sink) -> {
				sink.next(sequence.incrementAndGet());
				return state;
			}).concatMap((n) -> {
				if (System.nanoTime() > end) {
					return Mono.error(new StopSignal());
				}
				started.increment();
				return call(client, (Long) n, names).doOnSuccess((ok) -> answered.increment())
					.onErrorResume((ex) -> {
						failures.computeIfAbsent(ex.getClass().getSimpleName() + ((ex.getCause() != null)
								? "(" + ex.getCause().getClass().getSimpleName() + ")" : ""), (k) -> new LongAdder())
							.increment();
						// a caller told to come back later does, as a well-behaved client would
						return Mono.delay(retryAfter(ex)).then(Mono.empty());
					});
			}, 1).onErrorResume(StopSignal.class, (stop) -> Mono.empty()), callers)
			.subscribe();
		List<double[]> minutes = new ArrayList<>();
		double worstHealthMillis = 0;
		int worstHealthBytes = 0;
		long nextMinute = System.nanoTime() + Duration.ofMinutes(1).toNanos();
		while (System.nanoTime() < end + Duration.ofSeconds(30).toNanos()) {
			Thread.sleep(5_000);
			long before = System.nanoTime();
			Health now = health.health();
			double millis = (System.nanoTime() - before) / 1e6;
			worstHealthMillis = Math.max(worstHealthMillis, millis);
			worstHealthBytes = Math.max(worstHealthBytes, bytes(now));
			if (System.nanoTime() >= nextMinute) {
				nextMinute += Duration.ofMinutes(1).toNanos();
				minutes.add(new double[] { heapAfterGcMib(), started.sum(), answered.sum(), millis });
				System.err.printf(Locale.ROOT, "  minute %d: heap after GC %.1f MiB, %d started, %d answered, health %.1f ms%n",
						minutes.size(), minutes.get(minutes.size() - 1)[0], started.sum(), answered.sum(), millis);
			}
			long failed = failures.values().stream().mapToLong(LongAdder::sum).sum();
			if (System.nanoTime() > end && started.sum() == answered.sum() + failed) {
				break;
			}
		}
		Map<String, Long> failed = new TreeMap<>();
		failures.forEach((kind, count) -> failed.put(kind, count.sum()));
		Map<String, Long> openings = new TreeMap<>();
		opened.forEach((breaker, count) -> openings.put(breaker, count.sum()));
		System.err.println("Breakers opened: " + openings);
		return new Figures(length, started.sum(), answered.sum(), failed, minutes, worstHealthMillis, worstHealthBytes,
				heapAfterGcMib());
	}

	// half send, half stream; most calls name an invented model (the simulator answers any)
	private static Mono<Object> call(ClaudeClient client, long n, int names) {
		String model = (n % 10 < 7) ? "claude-soak-" + (n % names) : ((n % 2 == 0) ? "claude-sonnet-4-5" : "claude-haiku-4-5");
		ClaudeRequest request = ClaudeRequest.builder()
			.model(model)
			.maxTokens(1024)
			.user("Soak request " + (n % 5000))
			.cacheable(n % 13 == 0)
			.build();
		return (n % 2 == 0) ? client.send(request).cast(Object.class)
				: ClaudeStreamAccumulator.collect(client.stream(request)).cast(Object.class);
	}

	private static Duration retryAfter(Throwable failure) {
		Duration hint = (failure instanceof dev.clauderesilience.client.ClaudeException ex)
				? ex.retryAfter().orElse(Duration.ofSeconds(1)) : Duration.ofSeconds(1);
		return (hint.compareTo(Duration.ofSeconds(5)) > 0) ? Duration.ofSeconds(5)
				: (hint.compareTo(Duration.ofMillis(100)) < 0) ? Duration.ofMillis(100) : hint;
	}

	private static int bytes(Health health) {
		try {
			return json.writeValueAsBytes(health.getDetails()).length;
		}
		catch (Exception ex) {
			return -1;
		}
	}

	private static double heapAfterGcMib() {
		System.gc();
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
	}

	private static void report(Figures figures, ClaudeSimulator simulator) {
		long failed = figures.failures().values().stream().mapToLong(Long::longValue).sum();
		StringBuilder out = new StringBuilder();
		out.append(String.format(Locale.ROOT, "Soak of %s: %d calls started, %d answered, %d failed with a typed error, "
				+ "%d lost or hung%n", figures.length(), figures.started(), figures.answered(), failed,
				figures.started() - figures.answered() - failed));
		out.append("Failures by type: ").append(figures.failures()).append('\n');
		out.append(String.format(Locale.ROOT, "Upstream requests %d; health answered within %.1f ms at worst, its "
				+ "details at most %d bytes; heap after GC at the end %.1f MiB%n", simulator.count(),
				figures.worstHealthMillis(), figures.worstHealthBytes(), figures.finalHeapMib()));
		out.append("\n| minute | heap after GC MiB | calls started | answered | health ms |\n|---|---|---|---|---|\n");
		for (int i = 0; i < figures.minutes().size(); i++) {
			double[] minute = figures.minutes().get(i);
			out.append(String.format(Locale.ROOT, "| %d | %.1f | %.0f | %.0f | %.1f |%n", i + 1, minute[0], minute[1],
					minute[2], minute[3]));
		}
		System.out.println(out);
	}

	record Figures(Duration length, long started, long answered, Map<String, Long> failures, List<double[]> minutes,
			double worstHealthMillis, int worstHealthBytes, double finalHeapMib) {
	}

	private static final class StopSignal extends RuntimeException {

		StopSignal() {
			super(null, null, false, false);
		}

	}

}
