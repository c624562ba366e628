package dev.clauderesilience.health;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import dev.clauderesilience.client.Usage;
import dev.clauderesilience.observation.ClaudeObserver;

/**
 * Remembers, per model asked for, whether a fallback model answered its latest call, and counts
 * the calls answered from the cache, for health and the {@code claude} endpoint.
 *
 * @since 0.1.0
 */
public final class OutcomeTracker implements ClaudeObserver {

	private static final int MAX_MODELS = 64;

	private final Map<String, Boolean> servedByFallback = new ConcurrentHashMap<>();

	private final LongAdder calls = new LongAdder();

	private final LongAdder cacheHits = new LongAdder();

	private final LongAdder staleAnswers = new LongAdder();

	@Override
	public void callEnded(String requestedModel, String answeredModel, Outcome outcome, Duration duration,
			Usage usage) {
		this.calls.increment();
		switch (outcome) {
			case CACHE_HIT -> this.cacheHits.increment();
			case STALE -> this.staleAnswers.increment();
			case FALLBACK -> remember(requestedModel, true);
			case SUCCESS -> remember(requestedModel, false);
			default -> {
				// failures say nothing about which model serves
			}
		}
	}

	private void remember(String model, boolean fallback) {
		if (model != null && (this.servedByFallback.size() < MAX_MODELS || this.servedByFallback.containsKey(model))) {
			this.servedByFallback.put(model, fallback);
		}
	}

	/**
	 * Forgets which models a fallback served and the counts, as after a restart; for tests, through {@code ClaudeResilienceState.reset()}.
	 */
	public void reset() {
		this.servedByFallback.clear();
		this.calls.reset();
		this.cacheHits.reset();
		this.staleAnswers.reset();
	}

	/**
	 * Whether a fallback model answered the latest call of some model.
	 * @return {@code true} while a fallback is serving
	 */
	public boolean fallbackActive() {
		return this.servedByFallback.containsValue(Boolean.TRUE);
	}

	/**
	 * The calls that ended, however.
	 * @return the count since start
	 */
	public long calls() {
		return this.calls.sum();
	}

	/**
	 * The calls answered fresh from the cache.
	 * @return the count since start
	 */
	public long cacheHits() {
		return this.cacheHits.sum();
	}

	/**
	 * The calls answered from an expired cache entry because the API could not answer.
	 * @return the count since start
	 */
	public long staleAnswers() {
		return this.staleAnswers.sum();
	}

}
