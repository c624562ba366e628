package dev.clauderesilience.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one answer of the Claude API said about the caller's rate limits: the
 * {@code anthropic-ratelimit-*} and priority-tier headers, the retry hints and the
 * {@code request-id}. Every field is {@code null} when the header was absent or malformed.
 *
 * @param requests the requests-per-minute limit
 * @param tokens the most restrictive token limit in effect
 * @param inputTokens the input-tokens-per-minute limit
 * @param outputTokens the output-tokens-per-minute limit
 * @param priorityInputTokens the Priority Tier input-token limit
 * @param priorityOutputTokens the Priority Tier output-token limit
 * @param retryAfter how long the server asked the caller to wait ({@code retry-after-ms} wins
 * over {@code retry-after})
 * @param shouldRetry the server's {@code x-should-retry} verdict
 * @param requestId the {@code request-id} header
 * @param receivedAt when the answer was received
 * @since 0.1.0
 */
public record RateLimitSnapshot(Limit requests, Limit tokens, Limit inputTokens, Limit outputTokens,
		Limit priorityInputTokens, Limit priorityOutputTokens, Duration retryAfter, Boolean shouldRetry,
		String requestId, Instant receivedAt) {

	private static final Logger logger = LoggerFactory.getLogger(RateLimitSnapshot.class);

	/**
	 * The longest wait a {@code retry-after} or {@code retry-after-ms} is read as: a larger value
	 * (or a far-off date) is taken as this. The pipeline bounds pauses further
	 * ({@code claude.limits.max-pause}).
	 */
	public static final Duration MAX_RETRY_AFTER = Duration.ofDays(1);

	/** A snapshot that knows nothing, for outcomes without an HTTP answer. */
	public static final RateLimitSnapshot EMPTY = new RateLimitSnapshot(Limit.UNKNOWN, Limit.UNKNOWN, Limit.UNKNOWN,
			Limit.UNKNOWN, Limit.UNKNOWN, Limit.UNKNOWN, null, null, null, null);

	/**
	 * Parses the headers of one answer. A malformed header is ignored (logged at debug), never
	 * an exception.
	 * @param header looks up a header value by (case-insensitive) name, {@code null} when absent
	 * @param clock the clock that turns an HTTP-date {@code retry-after} into a duration
	 * @return the snapshot
	 */
	public static RateLimitSnapshot parse(Function<String, String> header, Clock clock) {
		Instant now = clock.instant();
		return new RateLimitSnapshot(limit(header, REQUESTS), limit(header, TOKENS), limit(header, INPUT_TOKENS),
				limit(header, OUTPUT_TOKENS), limit(header, PRIORITY_INPUT_TOKENS), limit(header, PRIORITY_OUTPUT_TOKENS),
				retryAfter(header, now),
				shouldRetry(header.apply("x-should-retry")), LogSafe.text(header.apply("request-id")), now);
	}

	/**
	 * This snapshot with every reset no later than a bound: a server that says a limit stays used
	 * up for longer than about a window is not believed beyond it, and a later answer's headers
	 * correct the picture.
	 * @param now the time now
	 * @param window how far ahead a reset may be
	 * @return this snapshot, or a copy with the resets bounded
	 */
	public RateLimitSnapshot withResetsBoundedBy(Instant now, Duration window) {
		Instant latest = now.plus(window);
		return new RateLimitSnapshot(this.requests.resetNoLaterThan(latest), this.tokens.resetNoLaterThan(latest),
				this.inputTokens.resetNoLaterThan(latest), this.outputTokens.resetNoLaterThan(latest),
				this.priorityInputTokens.resetNoLaterThan(latest), this.priorityOutputTokens.resetNoLaterThan(latest),
				this.retryAfter, this.shouldRetry, this.requestId, this.receivedAt);
	}

	private static Limit limit(Function<String, String> header, String[] names) {
		return new Limit(number(header, names[0]), number(header, names[1]), instant(header, names[2]));
	}

	// each limit's three header names, put together once rather than for every answer
	private static final String[] REQUESTS = names("anthropic-ratelimit-requests");

	private static final String[] TOKENS = names("anthropic-ratelimit-tokens");

	private static final String[] INPUT_TOKENS = names("anthropic-ratelimit-input-tokens");

	private static final String[] OUTPUT_TOKENS = names("anthropic-ratelimit-output-tokens");

	private static final String[] PRIORITY_INPUT_TOKENS = names("anthropic-priority-input-tokens");

	private static final String[] PRIORITY_OUTPUT_TOKENS = names("anthropic-priority-output-tokens");

	private static String[] names(String prefix) {
		return new String[] { prefix + "-limit", prefix + "-remaining", prefix + "-reset" };
	}

	private static Long number(Function<String, String> header, String name) {
		String value = header.apply(name);
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			logger.debug("Ignoring malformed header {}: '{}'", name, LogSafe.text(value));
			return null;
		}
	}

	// a few recently parsed reset times; a fixed size, whatever values the network sends
	private static final AtomicReferenceArray<ParsedInstant> RECENT_INSTANTS = new AtomicReferenceArray<>(8);

	private record ParsedInstant(String text, Instant instant) {
	}

	private static Instant instant(Function<String, String> header, String name) {
		String value = header.apply(name);
		if (value == null || value.isBlank()) {
			return null;
		}
		// every answer within a second carries the same reset times: parse each value once
		int slot = value.hashCode() & (RECENT_INSTANTS.length() - 1);
		ParsedInstant recent = RECENT_INSTANTS.get(slot);
		if (recent != null && recent.text.equals(value)) {
			return recent.instant;
		}
		try {
			Instant instant = OffsetDateTime.parse(value.trim(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
			RECENT_INSTANTS.set(slot, new ParsedInstant(value, instant));
			return instant;
		}
		catch (DateTimeParseException ex) {
			logger.debug("Ignoring malformed header {}: '{}'", name, LogSafe.text(value));
			return null;
		}
	}

	private static Duration retryAfter(Function<String, String> header, Instant now) {
		String millis = header.apply("retry-after-ms");
		if (millis != null && !millis.isBlank()) {
			try {
				double ms = Double.parseDouble(millis.trim());
				if (ms >= 0 && Double.isFinite(ms)) {
					return Duration.ofNanos((long) (Math.min(ms, MAX_RETRY_AFTER.toMillis()) * 1_000_000));
				}
			}
			catch (NumberFormatException ex) {
				// fall through to retry-after
			}
			logger.debug("Ignoring malformed header retry-after-ms: '{}'", LogSafe.text(millis));
		}
		String value = header.apply("retry-after");
		if (value == null || value.isBlank()) {
			return null;
		}
		String trimmed = value.trim();
		try {
			double seconds = Double.parseDouble(trimmed);
			if (seconds >= 0 && Double.isFinite(seconds)) {
				return Duration.ofMillis((long) Math.ceil(Math.min(seconds, MAX_RETRY_AFTER.toSeconds()) * 1000));
			}
		}
		catch (NumberFormatException ex) {
			try {
				Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
				Duration wait = Duration.between(now, at);
				return wait.isNegative() ? Duration.ZERO : (wait.compareTo(MAX_RETRY_AFTER) > 0) ? MAX_RETRY_AFTER : wait;
			}
			catch (DateTimeParseException notADate) {
				// reported below
			}
		}
		logger.debug("Ignoring malformed header retry-after: '{}'", LogSafe.text(value));
		return null;
	}

	private static Boolean shouldRetry(String value) {
		if (value == null) {
			return null;
		}
		String trimmed = value.trim();
		if (trimmed.equalsIgnoreCase("true")) {
			return Boolean.TRUE;
		}
		if (trimmed.equalsIgnoreCase("false")) {
			return Boolean.FALSE;
		}
		logger.debug("Ignoring malformed header x-should-retry: '{}'", LogSafe.text(value));
		return null;
	}

	/**
	 * One limit as reported by the API: its size, what remains (token figures are rounded to the
	 * nearest thousand by the API) and when it is fully replenished.
	 *
	 * @param limit the limit, or {@code null}
	 * @param remaining what remains, or {@code null}
	 * @param reset when the limit is fully replenished, or {@code null}
	 * @since 0.1.0
	 */
	public record Limit(Long limit, Long remaining, Instant reset) {

		static final Limit UNKNOWN = new Limit(null, null, null);

		Limit resetNoLaterThan(Instant latest) {
			return (this.reset != null && this.reset.isAfter(latest)) ? new Limit(this.limit, this.remaining, latest)
					: this;
		}

		/**
		 * Whether the API reported this limit at all.
		 * @return {@code true} when limit or remaining was present
		 */
		public boolean isKnown() {
			return this.limit != null || this.remaining != null;
		}

	}

}
