package dev.clauderesilience.benchmarks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.context.ConfigurableApplicationContext;

import dev.clauderesilience.client.ClaudeClient;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.ratelimit.CapacityWaitExceededException;
import dev.clauderesilience.ratelimit.ClaudeRateLimiter;
import dev.clauderesilience.ratelimit.GroupLimiter;
import dev.clauderesilience.test.ClaudeSimulator;
import dev.clauderesilience.test.SimulatedLimits;

/**
 * Scale: many calls subscribed at once against a low request limit, so that most wait for
 * capacity. Reports the retained heap while they wait (after a GC) and the peak used heap, both
 * above the idle baseline, the live thread count, and how every call ended.
 * <p>
 * Options ({@code --name=value}): {@code calls} (10000), {@code rpm} (60000), {@code burst}
 * ({@code PT0.1S}), {@code max-wait} ({@code PT8S}).
 */
public final class ScaleBenchmark {

	private ScaleBenchmark() {
	}

	public static void main(String[] args) throws InterruptedException {
		Map<String, String> options = new LinkedHashMap<>(
				Map.of("calls", "10000", "rpm", "60000", "burst", "PT0.1S", "max-wait", "PT8S"));
		for (String arg : args) {
			options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
		}
		int calls = Integer.parseInt(options.get("calls"));
		long rpm = Long.parseLong(options.get("rpm"));
		Duration burst = Duration.parse(options.get("burst"));
		Duration maxWait = Duration.parse(options.get("max-wait"));
		try (ClaudeSimulator simulator = ClaudeSimulator.builder()
			.defaultLimits(new SimulatedLimits(rpm, null, null, burst))
			.outputTokens(20)
			.build()
			.start();
				ConfigurableApplicationContext context = StarterClient.context(simulator,
						Map.of("claude.limits.requests-per-minute", rpm, "claude.limits.burst", burst.toMillis() + "ms",
								"claude.limits.max-wait", maxWait.toMillis() + "ms"))) {
			ClaudeClient client = context.getBean(ClaudeClient.class);
			client.send(ClaudeRequest.of(Scenario.MODEL, 64, "warm up")).block();
			Thread.sleep(burst.toMillis() + 500);
			GroupLimiter group = context.getBean(ClaudeRateLimiter.class).group(Scenario.MODEL);
			System.out.println(run(client, group, calls, maxWait, rpm));
		}
		System.exit(0);
	}

	static String run(ClaudeClient client, GroupLimiter group, int calls, Duration maxWait, long rpm)
			throws InterruptedException {
		AtomicInteger succeeded = new AtomicInteger();
		AtomicInteger waitExceeded = new AtomicInteger();
		Map<String, AtomicInteger> other = new java.util.concurrent.ConcurrentHashMap<>();
		AtomicLong peakWaiting = new AtomicLong();
		CountDownLatch done = new CountDownLatch(calls);
		JvmSampler sampler = JvmSampler.start(10);
		long start = System.nanoTime();
		for (int i = 0; i < calls; i++) {
			client.send(ClaudeRequest.of(Scenario.MODEL, 64, "Scale call " + i)).subscribe((response) -> {
				succeeded.incrementAndGet();
				done.countDown();
			}, (ex) -> {
				// the pipeline may hand the typed error over wrapped in ClaudeUnavailableException
				if (ex instanceof CapacityWaitExceededException
						|| ex.getCause() instanceof CapacityWaitExceededException) {
					waitExceeded.incrementAndGet();
				}
				else {
					other.computeIfAbsent(ex.getClass().getSimpleName(), (k) -> new AtomicInteger()).incrementAndGet();
				}
				done.countDown();
			});
			peakWaiting.accumulateAndGet(group.waiting(ClaudeRequest.Priority.INTERACTIVE), Math::max);
		}
		long subscribed = System.nanoTime();
		int waitingNow = group.waiting(ClaudeRequest.Priority.INTERACTIVE);
		peakWaiting.accumulateAndGet(waitingNow, Math::max);
		// what the waiting calls hold once garbage is gone
		JvmSampler.settle();
		long retained = JvmSampler.usedHeap() - sampler.baselineHeap();
		int waitingAfterGc = group.waiting(ClaudeRequest.Priority.INTERACTIVE);
		boolean finished = done.await(maxWait.toSeconds() + 120, TimeUnit.SECONDS);
		long end = System.nanoTime();
		double peakHeap = sampler.peakHeapAboveBaselineMib();
		long peakThreads = sampler.peakThreads();
		sampler.close();
		StringBuilder out = new StringBuilder();
		out.append("| measure | value |\n|---|---|\n");
		row(out, "calls subscribed at once", calls);
		row(out, "limit", rpm + " RPM (" + (rpm / 60) + "/s), max-wait " + maxWait.toMillis() / 1000.0 + " s");
		row(out, "time to subscribe all calls", String.format(Locale.ROOT, "%.0f ms", (subscribed - start) / 1e6));
		row(out, "calls waiting for capacity right after subscribing", waitingNow);
		row(out, "peak calls waiting", peakWaiting.get());
		row(out, "retained heap above idle baseline while " + waitingAfterGc + " calls wait (after GC)",
				String.format(Locale.ROOT, "%.1f MiB", retained / (1024.0 * 1024.0)));
		row(out, "peak used heap above idle baseline (garbage included)",
				String.format(Locale.ROOT, "%.1f MiB", peakHeap));
		row(out, "live threads: idle baseline / peak during the run", sampler.baselineThreads() + " / " + peakThreads);
		row(out, "completed", succeeded.get());
		row(out, "failed with CapacityWaitExceededException (typed max-wait, itself or as the cause)", waitExceeded.get());
		row(out, "failed otherwise", other.isEmpty() ? "0" : other.toString());
		row(out, "unfinished", done.getCount() + (finished ? "" : " (timed out)"));
		row(out, "run time", String.format(Locale.ROOT, "%.1f s", (end - start) / 1e9));
		return out.toString();
	}

	private static void row(StringBuilder out, String measure, Object value) {
		out.append("| ").append(measure).append(" | ").append(value).append(" |\n");
	}

}
