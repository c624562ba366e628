package dev.clauderesilience.test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.server.HttpServer;

/**
 * An embeddable simulator of the Claude Messages API ({@code POST /v1/messages} and
 * {@code POST /v1/messages/count_tokens}) on {@code 127.0.0.1}, with per-model-group rate limits,
 * scriptable faults and a journal of the requests it received.
 * <p>
 * Queued faults, outages and random faults apply to valid {@code POST /v1/messages} requests
 * only, after authentication and validation. Faulted requests (and 429s from the limits) consume
 * no limit capacity, as a real 529 does not; only the faults that end in a normal answer
 * ({@link SimulatedFault#delay(Duration) delay}, {@link SimulatedFault#drip(Duration) drip} and
 * {@link SimulatedFault#answerWithHeaders(Map) answerWithHeaders}) are counted.
 * <p>
 * Answers are deterministic: the same prompt gets the same text, and a request that offers
 * {@code tools} gets a {@code tool_use} block when its last user message names one of them (see
 * {@link Builder#outputTokensBetween(int, int)} for lengths). {@link ClaudeSimulatorServer} runs
 * the simulator as a program.
 * <p>
 * Only known model ids are answered ({@link #DEFAULT_MODELS} unless the builder says otherwise);
 * any other id gets a 404 {@code not_found_error} with the message {@code model: <id>}, as from
 * the API.
 *
 * @author claude-resilience
 * @since 0.1.0
 */
public final class ClaudeSimulator implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ClaudeSimulator.class);

	/** How many requests the journal keeps by default: more than any test sends. */
	public static final int DEFAULT_JOURNAL_CAPACITY = 100_000;

	/**
	 * The model ids answered by default: current ids and aliases, and any
	 * {@code claude-(opus|sonnet|haiku)-<major>-<minor>} id with an optional {@code -YYYYMMDD}
	 * date suffix (the last entry, a regular expression).
	 * @since 0.2.0
	 */
	public static final List<String> DEFAULT_MODELS = List.of("claude-opus-4-5", "claude-sonnet-4-5",
			"claude-haiku-4-5", "claude-sonnet-4-6", "claude-opus-4-6", "claude-opus-4-1", "claude-sonnet-4-0",
			"claude-opus-4-0", "claude-3-7-sonnet-latest", "claude-3-5-haiku-latest",
			"claude-(opus|sonnet|haiku)-\\d+-\\d+(-\\d{8})?");

	private static final String NO_MODEL_GROUP = "";

	private final String apiKey;

	private final int requestedPort;

	private final ModelCatalog models;

	private final Clock clock;

	private final Random random;

	private final SimulatedLimits defaultLimits;

	private final Map<String, SimulatedLimits> limits;

	private final Duration generationDelayPerToken;

	private final boolean roundTokenRemaining;

	private final ReplyGenerator replyGenerator;

	private final Map<String, ModelGroupLimiter> limiters = new ConcurrentHashMap<>();

	private final Queue<SimulatedFault> faults = new ConcurrentLinkedQueue<>();

	private final Set<String> outages = ConcurrentHashMap.newKeySet();

	private final Queue<JournalEntry> journal = new ConcurrentLinkedQueue<>();

	// the journal's length, counted apart: the queue's size() walks every entry
	private final AtomicInteger journalSize = new AtomicInteger();

	private final int journalCapacity;

	private final Tls tls;

	// the requests received since the last reset, including those the journal no longer holds
	private final AtomicLong received = new AtomicLong();

	private final AtomicLong ids = new AtomicLong();

	private volatile List<FaultRate> faultRates;

	private volatile DisposableServer server;

	private volatile Sinks.Empty<Void> stopping = Sinks.empty();

	private ClaudeSimulator(Builder builder) {
		this.apiKey = builder.apiKey;
		this.requestedPort = builder.port;
		this.models = builder.models;
		this.clock = builder.clock;
		this.random = builder.random;
		this.defaultLimits = builder.defaultLimits;
		this.limits = Map.copyOf(builder.limits);
		this.generationDelayPerToken = builder.generationDelayPerToken;
		this.roundTokenRemaining = builder.roundTokenRemaining;
		this.replyGenerator = new ReplyGenerator(builder.minOutputTokens, builder.maxOutputTokens);
		this.faultRates = toFaultRates(builder.faultRates);
		this.journalCapacity = builder.journalCapacity;
		this.tls = builder.tls;
	}

	/**
	 * A builder of a simulator with the defaults: key {@code sim-test-key}, a free port, the
	 * {@link #DEFAULT_MODELS default models}, the system UTC clock, no limits, no generation delay,
	 * answers of 20 to 60 tokens depending on the prompt, token {@code remaining} headers rounded
	 * to the nearest thousand, no random faults.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Binds the server to {@code 127.0.0.1}, on the {@link Builder#port(int) configured port} or a
	 * free one.
	 * @return this simulator
	 */
	public synchronized ClaudeSimulator start() {
		if (this.server == null) {
			this.stopping = Sinks.empty();
			HttpServer server = HttpServer.create().host("127.0.0.1").port(this.requestedPort);
			if (this.tls != null) {
				server = server.secure((spec) -> spec
					.sslContext(Http11SslContextSpec.forServer(this.tls.certificateChain().toFile(),
							this.tls.privateKey().toFile())));
			}
			this.server = server.handle(new SimulatorHandler(this)).bindNow();
			logger.debug("Claude simulator listening on {}", baseUrl());
		}
		return this;
	}

	/**
	 * Stops the server and closes the connections of answers that never end; idempotent.
	 */
	public synchronized void stop() {
		if (this.server != null) {
			this.stopping.tryEmitEmpty();
			this.server.disposeNow(Duration.ofSeconds(5));
			this.server = null;
		}
	}

	@Override
	public void close() {
		stop();
	}

	/**
	 * The port the simulator listens on.
	 * @return the port
	 * @throws IllegalStateException if not started
	 */
	public int port() {
		DisposableServer current = this.server;
		if (current == null) {
			throw new IllegalStateException("The Claude simulator is not started");
		}
		return current.port();
	}

	/**
	 * The base URL to configure a client with, such as {@code http://127.0.0.1:54321}
	 * ({@code https} when it serves {@link Builder#tls TLS}).
	 * @return the base URL
	 */
	public String baseUrl() {
		return ((this.tls != null) ? "https" : "http") + "://127.0.0.1:" + port();
	}

	/**
	 * The only API key the simulator accepts.
	 * @return the API key
	 */
	public String apiKey() {
		return this.apiKey;
	}

	/**
	 * Makes the next valid {@code /v1/messages} request fail with the fault.
	 * @param fault the fault
	 */
	public void enqueueFault(SimulatedFault fault) {
		this.faults.add(Objects.requireNonNull(fault, "fault"));
	}

	/**
	 * Makes the next {@code count} valid {@code /v1/messages} requests fail with the fault.
	 * @param count how many requests fail
	 * @param fault the fault
	 */
	public void enqueueFaults(int count, SimulatedFault fault) {
		Objects.requireNonNull(fault, "fault");
		for (int i = 0; i < count; i++) {
			this.faults.add(fault);
		}
	}

	/**
	 * Answers every {@code /v1/messages} request for exactly this model id with a 529
	 * {@code overloaded_error} until {@link #clearOutage(String) cleared}.
	 * @param model the model id
	 */
	public void outage(String model) {
		this.outages.add(model);
	}

	/**
	 * Ends an {@link #outage(String) outage}.
	 * @param model the model id
	 */
	public void clearOutage(String model) {
		this.outages.remove(model);
	}

	/**
	 * Replaces the random fault rates: each valid {@code /v1/messages} request fails with a
	 * status with its probability (for example {@code Map.of(529, 0.05, 500, 0.01)}).
	 * @param ratesByStatus probability by HTTP status, summing to at most 1
	 */
	public void setFaultRates(Map<Integer, Double> ratesByStatus) {
		Map<SimulatedFault, Double> rates = new LinkedHashMap<>();
		ratesByStatus.forEach((status, rate) -> rates.put(SimulatedFault.status(status), rate));
		this.faultRates = toFaultRates(rates);
	}

	/**
	 * The requests received so far, oldest first: the {@link Builder#journalCapacity(int) most
	 * recent ones} once there were more.
	 * @return an immutable snapshot of the journal
	 */
	public List<JournalEntry> journal() {
		return List.copyOf(this.journal);
	}

	/**
	 * The journaled requests for a model.
	 * @param model the model id
	 * @return an immutable list of the entries
	 */
	public List<JournalEntry> requestsFor(String model) {
		return this.journal.stream().filter((entry) -> model.equals(entry.model())).toList();
	}

	/**
	 * How many requests were received since the start or the last {@link #reset()}, including
	 * any the journal no longer holds.
	 * @return the number of requests
	 */
	public int count() {
		return (int) Math.min(Integer.MAX_VALUE, this.received.get());
	}

	/**
	 * Clears the journal, queued faults and outages and refills all limit buckets; random fault
	 * rates stay.
	 */
	public void reset() {
		while (this.journal.poll() != null) {
			this.journalSize.decrementAndGet();
		}
		this.received.set(0);
		this.faults.clear();
		this.outages.clear();
		this.limiters.clear();
	}

	/**
	 * The rate-limit group of a model: {@code opus}, {@code sonnet} or {@code haiku} when its id
	 * contains that word, otherwise the model id itself.
	 * @param model the model id
	 * @return the group
	 */
	public static String modelGroup(String model) {
		if (model == null) {
			return NO_MODEL_GROUP;
		}
		String lower = model.toLowerCase(Locale.ROOT);
		for (String family : List.of("opus", "sonnet", "haiku")) {
			if (lower.contains(family)) {
				return family;
			}
		}
		return model;
	}

	boolean knowsModel(String model) {
		return this.models.knows(model);
	}

	/**
	 * Completes when the simulator stops, to end answers that would never end.
	 */
	Mono<Void> stopped() {
		return this.stopping.asMono();
	}

	Clock clock() {
		return this.clock;
	}

	Duration generationDelayPerToken() {
		return this.generationDelayPerToken;
	}

	boolean roundTokenRemaining() {
		return this.roundTokenRemaining;
	}

	ReplyGenerator replyGenerator() {
		return this.replyGenerator;
	}

	String nextId(String prefix) {
		return prefix + String.format("%012d", this.ids.incrementAndGet());
	}

	ModelGroupLimiter limiter(String model) {
		String group = modelGroup(model);
		return this.limiters.computeIfAbsent(group, (key) -> new ModelGroupLimiter(
				this.limits.getOrDefault(key, this.defaultLimits), this.clock.instant()));
	}

	/**
	 * The fault for the next valid messages request: a queued one, then an outage, then a random
	 * one, or {@code null}.
	 */
	SimulatedFault nextFault(String model) {
		SimulatedFault queued = this.faults.poll();
		if (queued != null) {
			return queued;
		}
		if (model != null && this.outages.contains(model)) {
			return SimulatedFault.overloaded();
		}
		List<FaultRate> rates = this.faultRates;
		if (rates.isEmpty()) {
			return null;
		}
		double draw = this.random.nextDouble();
		double cumulative = 0;
		for (FaultRate rate : rates) {
			cumulative += rate.rate();
			if (draw < cumulative) {
				return rate.fault();
			}
		}
		return null;
	}

	void record(JournalEntry entry) {
		this.received.incrementAndGet();
		this.journal.add(entry);
		// a long-running simulator keeps only the most recent entries: its memory and its cost
		// per request stay flat
		if (this.journalSize.incrementAndGet() > this.journalCapacity && this.journal.poll() != null) {
			this.journalSize.decrementAndGet();
		}
	}

	private static List<FaultRate> toFaultRates(Map<SimulatedFault, Double> rates) {
		List<FaultRate> result = new ArrayList<>();
		rates.forEach((fault, rate) -> {
			if (rate < 0 || rate > 1) {
				throw new IllegalArgumentException("Fault rate must be between 0 and 1: " + rate);
			}
			result.add(new FaultRate(fault, rate));
		});
		result.sort(Comparator.comparingInt((FaultRate rate) -> rate.fault().status())
			.thenComparing((rate) -> rate.fault().kind()));
		return List.copyOf(result);
	}

	private record FaultRate(SimulatedFault fault, double rate) {
	}

	/**
	 * Builds a {@link ClaudeSimulator}.
	 *
	 * @since 0.1.0
	 */
	public static final class Builder {

		private String apiKey = "sim-test-key";

		private int port;

		private ModelCatalog models = ModelCatalog.of(DEFAULT_MODELS);

		private Clock clock = Clock.systemUTC();

		private Random random = new Random();

		private SimulatedLimits defaultLimits = SimulatedLimits.unlimited();

		private final Map<String, SimulatedLimits> limits = new LinkedHashMap<>();

		private Duration generationDelayPerToken = Duration.ZERO;

		private int minOutputTokens = ReplyGenerator.DEFAULT_MIN_TOKENS;

		private int maxOutputTokens = ReplyGenerator.DEFAULT_MAX_TOKENS;

		private boolean roundTokenRemaining = true;

		private final Map<SimulatedFault, Double> faultRates = new LinkedHashMap<>();

		private int journalCapacity = DEFAULT_JOURNAL_CAPACITY;

		private Tls tls;

		private Builder() {
		}

		/**
		 * Serves HTTPS with this certificate, for tests of a client's trust settings (a
		 * gateway's own certificate authority, say).
		 * @param certificateChain the PEM certificate chain
		 * @param privateKey the PEM (PKCS#8) private key
		 * @return this builder
		 * @since 0.2.0
		 */
		public Builder tls(Path certificateChain, Path privateKey) {
			this.tls = new Tls(Objects.requireNonNull(certificateChain, "certificateChain"),
					Objects.requireNonNull(privateKey, "privateKey"));
			return this;
		}

		/**
		 * How many of the most recent requests the journal keeps, {@value #DEFAULT_JOURNAL_CAPACITY}
		 * by default; {@link ClaudeSimulator#count()} counts them all.
		 * @param capacity the number of entries, at least 1
		 * @return this builder
		 * @since 0.2.0
		 */
		public Builder journalCapacity(int capacity) {
			if (capacity < 1) {
				throw new IllegalArgumentException("journalCapacity must be at least 1, was " + capacity);
			}
			this.journalCapacity = capacity;
			return this;
		}

		/**
		 * The only API key accepted, {@code sim-test-key} by default.
		 * @param apiKey the key
		 * @return this builder
		 */
		public Builder apiKey(String apiKey) {
			this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
			return this;
		}

		/**
		 * The port to listen on, 0 (the default) for a free one.
		 * @param port the port
		 * @return this builder
		 * @since 0.2.0
		 */
		public Builder port(int port) {
			if (port < 0 || port > 65535) {
				throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
			}
			this.port = port;
			return this;
		}

		/**
		 * Replaces the {@link ClaudeSimulator#DEFAULT_MODELS answered model ids}: each entry is an
		 * exact id or a regular expression matching whole ids; other ids get a 404.
		 * @param idsOrPatterns the model ids or patterns
		 * @return this builder
		 * @since 0.2.0
		 */
		public Builder models(String... idsOrPatterns) {
			this.models = ModelCatalog.of(List.of(idsOrPatterns));
			return this;
		}

		/**
		 * Answers any model id instead of only the {@link #models(String...) known ones}.
		 * @return this builder
		 * @since 0.2.0
		 */
		public Builder acceptAnyModel() {
			this.models = ModelCatalog.anyModel();
			return this;
		}

		/**
		 * The clock that drives bucket refill and journal times.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock");
			return this;
		}

		/**
		 * The random source of random faults.
		 * @param random the random source
		 * @return this builder
		 */
		public Builder random(Random random) {
			this.random = Objects.requireNonNull(random, "random");
			return this;
		}

		/**
		 * Seeds the random source of random faults.
		 * @param seed the seed
		 * @return this builder
		 */
		public Builder seed(long seed) {
			return random(new Random(seed));
		}

		/**
		 * The limits of one model group ({@code opus}, {@code sonnet}, {@code haiku} or a model
		 * id, see {@link ClaudeSimulator#modelGroup(String)}).
		 * @param modelGroup the group
		 * @param limits its limits
		 * @return this builder
		 */
		public Builder limits(String modelGroup, SimulatedLimits limits) {
			this.limits.put(modelGroup, Objects.requireNonNull(limits, "limits"));
			return this;
		}

		/**
		 * The limits of groups without their own, unlimited by default.
		 * @param limits the limits
		 * @return this builder
		 */
		public Builder defaultLimits(SimulatedLimits limits) {
			this.defaultLimits = Objects.requireNonNull(limits, "limits");
			return this;
		}

		/**
		 * How long generating one output token takes, zero by default.
		 * @param delay the delay per token
		 * @return this builder
		 */
		public Builder generationDelayPerToken(Duration delay) {
			this.generationDelayPerToken = Objects.requireNonNull(delay, "delay");
			return this;
		}

		/**
		 * A fixed answer length in tokens (still capped by {@code max_tokens}).
		 * @param outputTokens the answer length
		 * @return this builder
		 */
		public Builder outputTokens(int outputTokens) {
			return outputTokensBetween(outputTokens, outputTokens);
		}

		/**
		 * Answer lengths in tokens between {@code min} and {@code max} inclusive, picked from a hash
		 * of the prompt so that the same prompt gets the same length (still capped by
		 * {@code max_tokens}); 20 to 60 by default.
		 * @param min the shortest answer
		 * @param max the longest answer
		 * @return this builder
		 * @since 0.2.0
		 */
		public Builder outputTokensBetween(int min, int max) {
			if (min < 1 || max < min) {
				throw new IllegalArgumentException(
						"outputTokens must be at least 1 and min at most max: " + min + ", " + max);
			}
			this.minOutputTokens = min;
			this.maxOutputTokens = max;
			return this;
		}

		/**
		 * Whether to round token {@code remaining} headers to the nearest thousand, as the real API
		 * does; {@code true} by default.
		 * @param round whether to round
		 * @return this builder
		 */
		public Builder roundTokenRemaining(boolean round) {
			this.roundTokenRemaining = round;
			return this;
		}

		/**
		 * Random error rates by HTTP status, such as {@code Map.of(529, 0.05, 500, 0.01)}.
		 * @param ratesByStatus probability by status, summing to at most 1
		 * @return this builder
		 */
		public Builder faultRates(Map<Integer, Double> ratesByStatus) {
			ratesByStatus.forEach((status, rate) -> this.faultRates.put(SimulatedFault.status(status), rate));
			return this;
		}

		/**
		 * The random rate of any fault.
		 * @param fault the fault
		 * @param rate its probability per request
		 * @return this builder
		 */
		public Builder faultRate(SimulatedFault fault, double rate) {
			this.faultRates.put(Objects.requireNonNull(fault, "fault"), rate);
			return this;
		}

		/**
		 * Builds the simulator, not yet started.
		 * @return the simulator
		 */
		public ClaudeSimulator build() {
			return new ClaudeSimulator(this);
		}

	}


	private record Tls(Path certificateChain, Path privateKey) {
	}

}
