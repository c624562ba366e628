package dev.clauderesilience.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.cache.Cache;

import dev.clauderesilience.client.LogSafe;
import dev.clauderesilience.client.ApiVersion;
import dev.clauderesilience.client.ClaudeFailureClassifier;
import dev.clauderesilience.client.ClaudeJsonFormat;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeResponse;
import dev.clauderesilience.client.ClaudeStreamAccumulator;
import dev.clauderesilience.client.ClaudeStreamEvent;
import dev.clauderesilience.client.ContentBlock;
import dev.clauderesilience.client.Usage;

/**
 * The response cache, on a Spring {@link Cache} (named {@value #CACHE_NAME}) so that it works with
 * whatever cache the application configures. Which requests are cached is the application's
 * choice ({@link Mode}); under API version {@code 2026-10-21} sampling is never deterministic, so
 * the starter never guesses.
 * <p>
 * An entry is fresh for the TTL; after that it is kept as stale for the stale TTL and served,
 * marked stale, only when the API cannot answer for an availability reason. Identical
 * concurrent misses share one upstream call. Errors and interrupted streams are never stored.
 *
 * @since 0.1.0
 */
public final class ClaudeResponseCache {

	/** The cache name. */
	public static final String CACHE_NAME = "claude-responses";

	private static final Logger logger = LoggerFactory.getLogger(ClaudeResponseCache.class);

	private final Cache cache;

	private final Mode mode;

	private final Duration ttl;

	private final Duration staleTtl;

	private final ApiVersion apiVersion;

	private final Clock clock;

	private final ClaudeFailureClassifier classifier;

	private final Map<String, Mono<ClaudeResponse>> inFlight = new ConcurrentHashMap<>();

	/**
	 * A cache layer.
	 * @param cache the Spring cache
	 * @param mode which requests are cached
	 * @param ttl how long an answer is fresh
	 * @param staleTtl how long after that it may still be served when the API cannot answer
	 * @param apiVersion the API version (part of the key)
	 * @param clock the clock
	 */
	public ClaudeResponseCache(Cache cache, Mode mode, Duration ttl, Duration staleTtl, ApiVersion apiVersion,
			Clock clock) {
		this(cache, mode, ttl, staleTtl, apiVersion, clock, ClaudeFailureClassifier.DEFAULT);
	}

	/**
	 * A cache layer.
	 * @param cache the Spring cache
	 * @param mode which requests are cached
	 * @param ttl how long an answer is fresh
	 * @param staleTtl how long after that it may still be served when the API cannot answer
	 * @param apiVersion the API version (part of the key)
	 * @param clock the clock
	 * @param classifier which failures a stale answer may stand in for
	 */
	public ClaudeResponseCache(Cache cache, Mode mode, Duration ttl, Duration staleTtl, ApiVersion apiVersion,
			Clock clock, ClaudeFailureClassifier classifier) {
		this.classifier = classifier;
		this.cache = cache;
		this.mode = mode;
		this.ttl = ttl;
		this.staleTtl = staleTtl;
		this.apiVersion = apiVersion;
		this.clock = clock;
	}

	/**
	 * Forgets every cached answer, as after a restart; for tests, through {@code ClaudeResilienceState.reset()}.
	 */
	public void reset() {
		this.cache.clear();
		this.inFlight.clear();
	}

	/**
	 * Whether a request's answer is cached.
	 * @param request the request
	 * @return {@code true} when the mode covers it
	 */
	public boolean applies(ClaudeRequest request) {
		return this.mode == Mode.ALWAYS || (this.mode == Mode.EXPLICIT && request.cacheable());
	}

	/**
	 * The key of a request: the SHA-256 of its canonical JSON (API version, model, system,
	 * messages, tools, tool choice, max_tokens, stop sequences, thinking, sampling parameters).
	 * @param request the request, defaults applied
	 * @return the hex key
	 */
	public String key(ClaudeRequest request) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(ClaudeJsonFormat.cacheKeyJson(request, this.apiVersion).getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

	/**
	 * Answers from the cache, or calls upstream (once for identical concurrent calls) and
	 * stores the answer.
	 * @param request the request, defaults applied
	 * @param upstream the call to make on a miss
	 * @return the answer, marked when it came from the cache
	 */
	public Mono<ClaudeResponse> send(ClaudeRequest request, Supplier<Mono<ClaudeResponse>> upstream) {
		if (!applies(request)) {
			return upstream.get();
		}
		return Mono.defer(() -> {
			String key = key(request);
			Lookup lookup = lookup(key);
			if (lookup.fresh != null) {
				return Mono.just(lookup.fresh.withSource(ClaudeResponse.Source.CACHE));
			}
			// removed before the outcome reaches any caller, so that a caller who retries at once
			// starts a new call instead of joining the finished one
			return this.inFlight.computeIfAbsent(key, (missing) -> upstream.get()
				.doOnNext((response) -> store(key, response))
				.onErrorResume((ex) -> servesStale(ex, lookup), (ex) -> Mono.just(lookup.stale.withSource(
						ClaudeResponse.Source.STALE_CACHE)))
				.doOnTerminate(() -> this.inFlight.remove(key))
				.doOnCancel(() -> this.inFlight.remove(key))
				.cache());
		});
	}

	/**
	 * Streams from the cache (a cached answer replayed as events), or streams upstream and
	 * stores the answer once the stream completed.
	 * @param request the request, defaults applied
	 * @param upstream the stream to open on a miss
	 * @return the events
	 */
	public Flux<ClaudeStreamEvent> stream(ClaudeRequest request, Supplier<Flux<ClaudeStreamEvent>> upstream) {
		if (!applies(request)) {
			return upstream.get();
		}
		return Flux.defer(() -> {
			String key = key(request);
			Lookup lookup = lookup(key);
			if (lookup.fresh != null) {
				return replay(lookup.fresh.withSource(ClaudeResponse.Source.CACHE));
			}
			ClaudeStreamAccumulator received = new ClaudeStreamAccumulator();
			return upstream.get()
				.doOnNext(received::add)
				.doOnComplete(() -> {
					if (received.isComplete()) {
						store(key, received.toResponse());
					}
				})
				.onErrorResume((ex) -> !received.hasContent() && servesStale(ex, lookup),
						(ex) -> replay(lookup.stale.withSource(ClaudeResponse.Source.STALE_CACHE)));
		});
	}

	private boolean servesStale(Throwable failure, Lookup lookup) {
		return lookup.stale != null && this.classifier.classify(failure).servesStale();
	}

	private Lookup lookup(String key) {
		CachedAnswer answer;
		try {
			answer = this.cache.get(key, CachedAnswer.class);
		}
		catch (RuntimeException ex) {
			// a cache that fails (a remote store down, a foreign value) must not fail the call
			logger.warn("Response cache lookup failed, calling the API: {}", LogSafe.text(ex.toString()));
			return Lookup.NONE;
		}
		if (answer == null) {
			return Lookup.NONE;
		}
		// compared as durations, so that no ttl overflows
		Duration age = Duration.ofMillis(this.clock.millis() - answer.storedAtMillis());
		boolean fresh = age.compareTo(this.ttl) <= 0;
		if (!fresh && age.minus(this.ttl).compareTo(this.staleTtl) > 0) {
			return Lookup.NONE;
		}
		ClaudeResponse response = ClaudeJsonFormat.readResponse(answer.json());
		return fresh ? new Lookup(response, null) : new Lookup(null, response);
	}

	private void store(String key, ClaudeResponse response) {
		try {
			this.cache.put(key, new CachedAnswer(ClaudeJsonFormat.response(response), this.clock.millis()));
		}
		catch (RuntimeException ex) {
			logger.warn("Could not store an answer in the response cache: {}", LogSafe.text(ex.toString()));
		}
	}

	static Flux<ClaudeStreamEvent> replay(ClaudeResponse response) {
		List<ClaudeStreamEvent> events = new ArrayList<>();
		ClaudeResponse shell = new ClaudeResponse(response.id(), response.model(), response.role(), List.of(), null,
				null, new Usage(response.usage().inputTokens(), 0, response.usage().cacheCreationInputTokens(),
						response.usage().cacheReadInputTokens()),
				response.extra(), response.rateLimits(), response.source(), response.fallbackFrom());
		events.add(new ClaudeStreamEvent.MessageStart(shell));
		for (int i = 0; i < response.content().size(); i++) {
			ContentBlock block = response.content().get(i);
			if (block instanceof ContentBlock.Text text) {
				events.add(new ClaudeStreamEvent.ContentBlockStart(i, new ContentBlock.Text("", text.citations(),
						text.extra())));
				events.add(new ClaudeStreamEvent.ContentBlockDelta(i, new ClaudeStreamEvent.TextDelta(text.text())));
			}
			else {
				events.add(new ClaudeStreamEvent.ContentBlockStart(i, block));
			}
			events.add(new ClaudeStreamEvent.ContentBlockStop(i));
		}
		events.add(new ClaudeStreamEvent.MessageDelta(response.stopReason(), response.stopSequence(), response.usage()));
		events.add(new ClaudeStreamEvent.MessageStop());
		return Flux.fromIterable(events);
	}

	/**
	 * Which requests are cached.
	 */
	public enum Mode {

		/** Only requests marked {@link ClaudeRequest#cacheable()}. */
		EXPLICIT,

		/** Every request. */
		ALWAYS,

		/** None. */
		OFF

	}

	private record Lookup(ClaudeResponse fresh, ClaudeResponse stale) {

		static final Lookup NONE = new Lookup(null, null);

	}

}
