package dev.clauderesilience.autoconfigure.properties;

import java.time.Duration;

import dev.clauderesilience.cache.ClaudeResponseCache;

/**
 * The response cache ({@code claude.cache.*}).
 *
 * @since 0.2.0
 */
public class ResponseCacheProperties {

	/**
	 * Whether answers may be cached (which ones is set by mode).
	 */
	private boolean enabled = true;

	/**
	 * Which answers are cached: explicit (requests marked cacheable), always, or off.
	 */
	private ClaudeResponseCache.Mode mode = ClaudeResponseCache.Mode.EXPLICIT;

	/**
	 * How long a cached answer is served as fresh.
	 */
	private Duration ttl = Duration.ofMinutes(10);

	/**
	 * How long after its TTL an answer is kept to be served, marked stale, when the API
	 * cannot answer.
	 */
	private Duration staleTtl = Duration.ofHours(1);

	/**
	 * Maximum number of cached answers, for the cache the starter provides when the
	 * application has no CacheManager.
	 */
	private int maxEntries = 10_000;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public ClaudeResponseCache.Mode getMode() {
		return this.mode;
	}

	public void setMode(ClaudeResponseCache.Mode mode) {
		this.mode = mode;
	}

	public Duration getTtl() {
		return this.ttl;
	}

	public void setTtl(Duration ttl) {
		this.ttl = ttl;
	}

	public Duration getStaleTtl() {
		return this.staleTtl;
	}

	public void setStaleTtl(Duration staleTtl) {
		this.staleTtl = staleTtl;
	}

	public int getMaxEntries() {
		return this.maxEntries;
	}

	public void setMaxEntries(int maxEntries) {
		this.maxEntries = maxEntries;
	}

	/**
	 * Reports an unusable TTL, stale TTL or size.
	 * @param prefix the group's prefix, {@code claude.cache}
	 * @param problems where to report them
	 */
	public void validate(String prefix, PropertyProblems problems) {
		problems.positive(prefix + ".ttl", this.ttl);
		if (this.staleTtl == null || this.staleTtl.isNegative()) {
			problems.add(prefix + ".stale-ttl", String.valueOf(this.staleTtl), "must not be negative",
					"Set " + prefix + ".stale-ttl to 0 (no stale answers) or a duration such as 1h.");
		}
		problems.positive(prefix + ".max-entries", (long) this.maxEntries);
	}

}
