package dev.clauderesilience.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.observation.ObservationRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import dev.clauderesilience.client.ApiVersion;
import dev.clauderesilience.client.ClaudeClient;
import dev.clauderesilience.client.ClaudeStreamEvent;
import dev.clauderesilience.client.ModelAllowList;
import dev.clauderesilience.observation.ClaudeObservationObserver;
import dev.clauderesilience.observation.ClaudeObserver;
import dev.clauderesilience.observation.CompositeObserver;
import dev.clauderesilience.observation.DefaultClaudeObservationConvention;
import dev.clauderesilience.pipeline.ResilientClaudeClient;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeResponse;
import dev.clauderesilience.client.Usage;
import dev.clauderesilience.ratelimit.ClaudeRateLimiter;
import dev.clauderesilience.ratelimit.LimitSettings;
import dev.clauderesilience.ratelimit.LocalTokenEstimator;
import dev.clauderesilience.ratelimit.OutputReservation;
import dev.clauderesilience.ratelimit.Permit;
import dev.clauderesilience.client.RateLimitSnapshot;

/**
 * Overhead when no limit binds: the pipeline's parts on their own (limiter acquire and settle,
 * the local token estimate, rate-limit header parsing) and whole calls against the simulator in a
 * JVM of its own ({@link ExternalSimulator}), without limits: a bare WebClient, the plain
 * {@link ClaudeClient} (no pipeline) and the starter's auto-configured client (pipeline with
 * limits set far above the load). Sample-time mode gives the median; one thread, so throughput is
 * the inverse of the mean.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgs = { "-Xmx1g" })
// 30 s: on a 2-core machine the JIT compiler needs about that long to settle the starter's code
@Warmup(iterations = 15, time = 2)
@Measurement(iterations = 5, time = 2)
public class OverheadBenchmark {

	private static final long UNBINDING = 1_000_000_000_000L;

	private static final int TURN = 200;

	private static final int SETTLING = 20;

	private static final String CALL_OBSERVATION = "claude";

	private static final String HTTP_OBSERVATION = "http.client.requests";

	private static final String[] TURN_CLIENTS = { "bare WebClient", "starter", "starter, observations off",
			"starter, claude.* observation off", "starter, http.client.requests off",
			"Boot-built WebClient (http.client.requests)" };

	private ExternalSimulator simulator;

	private ConfigurableApplicationContext context;

	private ClaudeClient starter;

	private ConfigurableApplicationContext unobservedContext;

	private ClaudeClient unobservedStarter;

	private ClaudeClient plain;

	private WebClient bare;

	private WebClient bootBuilt;

	private WebClient bootBuiltUnobserved;

	private String bareBody;

	private ClaudeRequest request;

	private ClaudeRateLimiter limiter;

	private LocalTokenEstimator estimator;

	private Map<String, String> headers;

	private Clock clock;

	private ClaudeClient pipelineOnStub;

	private ClaudeClient observedPipelineOnStub;

	@Setup(Level.Trial)
	public void setUp() {
		this.simulator = ExternalSimulator.start();
		this.context = starterWithout();
		this.starter = this.context.getBean(ClaudeClient.class);
		// the same application with Spring Boot's observations of both the starter's calls and
		// the HTTP client turned off by property: what the two observations cost per call
		this.unobservedContext = starterWithout(CALL_OBSERVATION, HTTP_OBSERVATION);
		this.unobservedStarter = this.unobservedContext.getBean(ClaudeClient.class);
		this.plain = ClaudeClient.builder().baseUrl(this.simulator.baseUrl()).apiKey(this.simulator.apiKey()).build();
		this.bare = WebClient.builder()
			.baseUrl(this.simulator.baseUrl())
			.defaultHeader("x-api-key", this.simulator.apiKey())
			.defaultHeader("anthropic-version", "2023-06-01")
			.build();
		// the same bare call on the application's WebClient.Builder, as Spring Boot configures it
		this.bootBuilt = this.context.getBean(WebClient.Builder.class)
			.baseUrl(this.simulator.baseUrl())
			.defaultHeader("x-api-key", this.simulator.apiKey())
			.defaultHeader("anthropic-version", "2023-06-01")
			.build();
		// and on that builder without its observation registry (no http.client.requests)
		this.bootBuiltUnobserved = this.context.getBean(WebClient.Builder.class)
			.observationRegistry(ObservationRegistry.NOOP)
			.baseUrl(this.simulator.baseUrl())
			.defaultHeader("x-api-key", this.simulator.apiKey())
			.defaultHeader("anthropic-version", "2023-06-01")
			.build();
		ObjectNode body = new ObjectMapper().createObjectNode().put("model", Scenario.MODEL).put("max_tokens", 64);
		body.putArray("messages").addObject().put("role", "user").put("content", "What is the overhead?");
		this.bareBody = body.toString();
		this.request = ClaudeRequest.of(Scenario.MODEL, 64, "What is the overhead?");
		this.clock = Clock.systemUTC();
		this.limiter = new ClaudeRateLimiter(
				ClaudeRateLimiter.Settings.of(new LimitSettings(UNBINDING, UNBINDING, UNBINDING, null)), this.clock, null);
		this.estimator = new LocalTokenEstimator();
		this.headers = new LinkedHashMap<>();
		String reset = "2026-01-01T00:00:01Z";
		for (String name : new String[] { "requests", "tokens", "input-tokens", "output-tokens" }) {
			this.headers.put("anthropic-ratelimit-" + name + "-limit", "4000000");
			this.headers.put("anthropic-ratelimit-" + name + "-remaining", "3999000");
			this.headers.put("anthropic-ratelimit-" + name + "-reset", reset);
		}
		this.headers.put("request-id", "req_011CS1abcdefghijklmnop");
		// the starter's own pipeline (its parts from the context) over an HTTP client that answers
		// at once with a real answer of the simulator: what the pipeline adds, without the network.
		// Its rate-limit headers are dropped: the simulator's (1,000,000 requests a minute) would
		// teach the limiter a limit that a long run at 200,000 calls a second reaches, and then the
		// benchmark would measure the limiter's pacing instead of the pipeline
		ClaudeResponse simulated = this.plain.send(this.request).block();
		ClaudeResponse answer = new ClaudeResponse(simulated.id(), simulated.model(), simulated.role(),
				simulated.content(), simulated.stopReason(), simulated.stopSequence(), simulated.usage(),
				simulated.extra(), RateLimitSnapshot.EMPTY);
		ClaudeClient instant = new ClaudeClient() {

			@Override
			public Mono<ClaudeResponse> send(ClaudeRequest request) {
				return Mono.just(answer);
			}

			@Override
			public Flux<ClaudeStreamEvent> stream(ClaudeRequest request) {
				return Flux.empty();
			}

			@Override
			public Mono<Integer> countTokens(ClaudeRequest request) {
				return Mono.just(12);
			}

		};
		ResilientClaudeClient.Settings settings = new ResilientClaudeClient.Settings(ApiVersion.V2026_10_21,
				Scenario.MODEL, 64, Duration.ofMinutes(2), "unavailable", Duration.ofSeconds(60), ModelAllowList.ANY);
		ResilientClaudeClient.Parts parts = this.context.getBean(ResilientClaudeClient.Parts.class);
		// observations off (ObservationRegistry.NOOP), as in an application without Actuator
		this.pipelineOnStub = new ResilientClaudeClient(instant, settings, withoutObservations(parts), this.clock);
		// observations on, on Spring Boot's registry (its meter handler; no tracer)
		this.observedPipelineOnStub = new ResilientClaudeClient(instant, settings, parts, this.clock);
	}

	// the starter with limits far above the load, and these observations turned off
	private ConfigurableApplicationContext starterWithout(String... observations) {
		Map<String, Object> properties = new LinkedHashMap<>(Map.of("claude.limits.requests-per-minute", UNBINDING,
				"claude.limits.input-tokens-per-minute", UNBINDING, "claude.limits.output-tokens-per-minute", UNBINDING));
		for (String observation : observations) {
			properties.put("management.observations.enable." + observation, "false");
		}
		return StarterClient.context(this.simulator.baseUrl(), this.simulator.apiKey(), properties);
	}

	private ResilientClaudeClient.Parts withoutObservations(ResilientClaudeClient.Parts parts) {
		List<ClaudeObserver> observers = this.context.getBeanProvider(ClaudeObserver.class)
			.orderedStream()
			.map((observer) -> (observer instanceof ClaudeObservationObserver) ? new ClaudeObservationObserver(
					ObservationRegistry.NOOP, new DefaultClaudeObservationConvention()) : observer)
			.toList();
		return new ResilientClaudeClient.Parts(parts.cache(), parts.fallback(), parts.retry(), parts.retryPolicy(),
				parts.breakers(), parts.limiter(), parts.estimator(), parts.authenticationGuard(),
				parts.failureHandler(), CompositeObserver.of(observers), parts.tenantResolver(), parts.classifier());
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		// whatever setUp got to start is stopped, even when one of them fails to close
		try {
			closeIfStarted(this.context);
		}
		finally {
			try {
				closeIfStarted(this.unobservedContext);
			}
			finally {
				if (this.simulator != null) {
					this.simulator.close();
				}
			}
		}
	}

	private static void closeIfStarted(ConfigurableApplicationContext context) {
		if (context != null) {
			context.close();
		}
	}

	@Benchmark
	public Permit limiterAcquireAndSettle() {
		Permit permit = this.limiter.acquire(this.request, 12).block();
		permit.complete(new Usage(12, 20, 0, 0), RateLimitSnapshot.EMPTY);
		return permit;
	}

	@Benchmark
	public long localTokenEstimate() {
		return this.estimator.estimateNow(this.request);
	}

	@Benchmark
	public RateLimitSnapshot headerParsing() {
		return RateLimitSnapshot.parse(this.headers::get, this.clock);
	}

	@Benchmark
	public JsonNode callBareWebClient() {
		return call(this.bare);
	}

	@Benchmark
	public JsonNode callBootBuiltWebClient() {
		return call(this.bootBuilt);
	}

	// the bare call both WebClients make: the request as JSON text, the answer as a tree
	private JsonNode call(WebClient client) {
		return client.post()
			.uri("/v1/messages")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(this.bareBody)
			.retrieve()
			.bodyToMono(JsonNode.class)
			.block();
	}

	@Benchmark
	public JsonNode callBootBuiltWebClientUnobserved() {
		return call(this.bootBuiltUnobserved);
	}

	@Benchmark
	public ClaudeResponse callPlainClaudeClient() {
		return this.plain.send(this.request).block();
	}

	@Benchmark
	public ClaudeResponse pipelineOnAnInstantClient() {
		return this.pipelineOnStub.send(this.request).block();
	}

	@Benchmark
	public ClaudeResponse observedPipelineOnAnInstantClient() {
		return this.observedPipelineOnStub.send(this.request).block();
	}

	@Benchmark
	public ClaudeResponse callStarterPipeline() {
		return this.starter.send(this.request).block();
	}

	@Benchmark
	public ClaudeResponse callStarterPipelineUnobserved() {
		return this.unobservedStarter.send(this.request).block();
	}

	/**
	 * The bare WebClient, the starter, the starter with both, the call's or the HTTP client's
	 * observation off, and the application's own WebClient as Spring Boot builds it (observed as
	 * {@code http.client.requests}), in turns of {@value #TURN} calls, in one JMH run, so that all of
	 * them see the same minutes of this machine (run one after another, its drift is as large as
	 * the difference). JMH's own figures for it mix them; the median of each, measured iterations
	 * only and the first {@value #SETTLING} calls of each turn not counted, is printed at the end
	 * of the run.
	 * @param turns the turns' books and the two starters with one observation off
	 * @return the answer
	 */
	@Benchmark
	public Object callInTurns(Turns turns) {
		long call = turns.calls++;
		long turn = call / TURN;
		// a different client goes first in each round of turns, so none always follows the same one
		int client = (int) ((turn + turn / TURN_CLIENTS.length) % TURN_CLIENTS.length);
		long start = System.nanoTime();
		Object answer = switch (client) {
			case 0 -> call(this.bare);
			case 1 -> this.starter.send(this.request).block();
			case 2 -> this.unobservedStarter.send(this.request).block();
			case 3 -> turns.withoutCallObservation.send(this.request).block();
			case 4 -> turns.withoutHttpObservation.send(this.request).block();
			default -> call(this.bootBuilt);
		};
		long took = System.nanoTime() - start;
		if (turns.measuring && call % TURN >= SETTLING && turns.counts[client] < turns.nanos[client].length) {
			turns.nanos[client][turns.counts[client]++] = took;
		}
		return answer;
	}

	/**
	 * {@link #callInTurns}'s books, apart so that the other benchmarks do not carry them: calls
	 * made, whether JMH is measuring, and each client's measured times. One thread.
	 */
	@State(Scope.Thread)
	public static class Turns {

		long calls;

		boolean measuring;

		final long[][] nanos = new long[TURN_CLIENTS.length][1 << 19];

		final int[] counts = new int[TURN_CLIENTS.length];

		private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

		ClaudeClient withoutCallObservation;

		ClaudeClient withoutHttpObservation;

		@Setup(Level.Trial)
		public void start(OverheadBenchmark benchmark) {
			this.contexts.add(benchmark.starterWithout(CALL_OBSERVATION));
			this.withoutCallObservation = this.contexts.get(0).getBean(ClaudeClient.class);
			this.contexts.add(benchmark.starterWithout(HTTP_OBSERVATION));
			this.withoutHttpObservation = this.contexts.get(1).getBean(ClaudeClient.class);
		}

		@TearDown(Level.Trial)
		public void stop() {
			this.contexts.forEach(ConfigurableApplicationContext::close);
		}

		@Setup(Level.Iteration)
		public void iteration(IterationParams params) {
			this.measuring = params.getType() == IterationType.MEASUREMENT;
		}

		@TearDown(Level.Trial)
		public void report() {
			if (this.counts[0] == 0) {
				return;
			}
			double bareMedian = median(this.nanos[0], this.counts[0]);
			System.out.println();
			System.out.println("callInTurns, median per client (us), measured iterations:");
			for (int client = 0; client < TURN_CLIENTS.length; client++) {
				double median = median(this.nanos[client], this.counts[client]);
				System.out.printf("  %-36s %8.1f  %+7.1f vs bare WebClient  (%d calls)%n", TURN_CLIENTS[client],
						median, median - bareMedian, this.counts[client]);
			}
		}

		private static double median(long[] nanos, int count) {
			long[] sorted = Arrays.copyOf(nanos, count);
			Arrays.sort(sorted);
			return sorted[count / 2] / 1000.0;
		}

	}

}
