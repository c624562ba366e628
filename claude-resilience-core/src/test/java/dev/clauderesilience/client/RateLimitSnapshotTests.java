package dev.clauderesilience.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitSnapshotTests {

	private static final Clock clock = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);

	@Test
	void parseWhenAllHeadersPresentShouldReadEveryLimit() {
		Map<String, String> headers = new HashMap<>();
		headers.put("anthropic-ratelimit-requests-limit", "50");
		headers.put("anthropic-ratelimit-requests-remaining", "49");
		headers.put("anthropic-ratelimit-requests-reset", "2026-11-27T12:00:01Z");
		headers.put("anthropic-ratelimit-tokens-limit", "38000");
		headers.put("anthropic-ratelimit-tokens-remaining", "37000");
		headers.put("anthropic-ratelimit-tokens-reset", "2026-11-27T12:00:03.5+00:00");
		headers.put("anthropic-ratelimit-input-tokens-limit", "30000");
		headers.put("anthropic-ratelimit-input-tokens-remaining", "29000");
		headers.put("anthropic-ratelimit-input-tokens-reset", "2026-11-27T13:00:02+01:00");
		headers.put("anthropic-ratelimit-output-tokens-limit", "8000");
		headers.put("anthropic-ratelimit-output-tokens-remaining", "8000");
		headers.put("anthropic-ratelimit-output-tokens-reset", "2026-11-27T12:00:00Z");
		headers.put("anthropic-priority-input-tokens-limit", "100000");
		headers.put("anthropic-priority-input-tokens-remaining", "99000");
		headers.put("anthropic-priority-output-tokens-limit", "20000");
		headers.put("request-id", "req_011CSHoEeqs5C35K2UUqR7Fy");
		headers.put("x-should-retry", "false");

		RateLimitSnapshot snapshot = RateLimitSnapshot.parse(headers::get, clock);

		assertThat(snapshot.requests()).isEqualTo(new RateLimitSnapshot.Limit(50L, 49L, Instant.parse("2026-11-27T12:00:01Z")));
		assertThat(snapshot.tokens().reset()).isEqualTo(Instant.parse("2026-11-27T12:00:03.500Z"));
		assertThat(snapshot.inputTokens().reset()).isEqualTo(Instant.parse("2026-11-27T12:00:02Z"));
		assertThat(snapshot.inputTokens().remaining()).isEqualTo(29000L);
		assertThat(snapshot.outputTokens().limit()).isEqualTo(8000L);
		assertThat(snapshot.priorityInputTokens()).isEqualTo(new RateLimitSnapshot.Limit(100000L, 99000L, null));
		assertThat(snapshot.priorityOutputTokens().limit()).isEqualTo(20000L);
		assertThat(snapshot.requestId()).isEqualTo("req_011CSHoEeqs5C35K2UUqR7Fy");
		assertThat(snapshot.shouldRetry()).isFalse();
		assertThat(snapshot.retryAfter()).isNull();
		assertThat(snapshot.receivedAt()).isEqualTo(clock.instant());
	}

	@Test
	void parseWhenRetryAfterIsSecondsShouldGiveThatDuration() {
		RateLimitSnapshot snapshot = RateLimitSnapshot.parse(Map.of("retry-after", "17")::get, clock);
		assertThat(snapshot.retryAfter()).isEqualTo(Duration.ofSeconds(17));
	}

	@Test
	void parseWhenRetryAfterIsHttpDateShouldMeasureFromClock() {
		RateLimitSnapshot snapshot = RateLimitSnapshot.parse(Map.of("retry-after", "Fri, 27 Nov 2026 12:00:30 GMT")::get,
				clock);
		assertThat(snapshot.retryAfter()).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void parseWhenRetryAfterDateIsPastShouldGiveZero() {
		RateLimitSnapshot snapshot = RateLimitSnapshot.parse(Map.of("retry-after", "Fri, 27 Nov 2026 11:00:00 GMT")::get,
				clock);
		assertThat(snapshot.retryAfter()).isZero();
	}

	@Test
	void parseWhenRetryAfterMsPresentShouldPreferIt() {
		RateLimitSnapshot snapshot = RateLimitSnapshot
			.parse(Map.of("retry-after", "20", "retry-after-ms", "1500.5")::get, clock);
		assertThat(snapshot.retryAfter()).isEqualTo(Duration.ofNanos(1_500_500_000));
	}

	@Test
	void parseWhenHeadersMalformedShouldIgnoreThemWithoutFailing() {
		Map<String, String> headers = Map.of("anthropic-ratelimit-requests-limit", "fifty",
				"anthropic-ratelimit-requests-remaining", "12", "anthropic-ratelimit-requests-reset", "tomorrow",
				"retry-after", "soon", "retry-after-ms", "-", "x-should-retry", "maybe");

		RateLimitSnapshot snapshot = RateLimitSnapshot.parse(headers::get, clock);

		assertThat(snapshot.requests()).isEqualTo(new RateLimitSnapshot.Limit(null, 12L, null));
		assertThat(snapshot.retryAfter()).isNull();
		assertThat(snapshot.shouldRetry()).isNull();
	}

	// every value a hostile or broken server could send, for every header the client reads
	static final List<String> HOSTILE = List.of("-1", "0", "-0", "9223372036854775807", "9223372036854775808",
			"-9223372036854775808", "99999999999", "1e15", "1e308", "NaN", "Infinity", "-Infinity", "0x10", " ", "",
			"\r\nINFO forged", "2099-01-01T00:00:00Z", "2500-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z",
			"-999999999-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "Fri, 31 Dec 9999 23:59:59 GMT",
			"Mon, 01 Jan 0001 00:00:00 GMT", "garbage", "\u0000", "true", "null");

	static final List<String> HEADERS = List.of("retry-after", "retry-after-ms", "x-should-retry", "request-id",
			"anthropic-ratelimit-requests-limit", "anthropic-ratelimit-requests-remaining",
			"anthropic-ratelimit-requests-reset", "anthropic-ratelimit-tokens-reset",
			"anthropic-ratelimit-input-tokens-limit", "anthropic-ratelimit-input-tokens-remaining",
			"anthropic-ratelimit-output-tokens-reset", "anthropic-priority-input-tokens-reset");

	@Test
	void anyHostileHeaderValueShouldParseWithoutFailingAndStayBounded() {
		Instant now = clock.instant();
		for (String header : HEADERS) {
			for (String value : HOSTILE) {
				RateLimitSnapshot snapshot = RateLimitSnapshot.parse(Map.of(header, value)::get, clock);
				RateLimitSnapshot bounded = snapshot.withResetsBoundedBy(now, Duration.ofMinutes(1));
				assertThat(snapshot.retryAfter()).as("%s: %s", header, value)
					.satisfiesAnyOf((wait) -> assertThat(wait).isNull(),
							(wait) -> assertThat(wait).isBetween(Duration.ZERO, RateLimitSnapshot.MAX_RETRY_AFTER));
				for (RateLimitSnapshot.Limit limit : List.of(bounded.requests(), bounded.tokens(), bounded.inputTokens(),
						bounded.outputTokens(), bounded.priorityInputTokens(), bounded.priorityOutputTokens())) {
					assertThat(limit.reset()).as("%s: %s", header, value)
						.satisfiesAnyOf((reset) -> assertThat(reset).isNull(),
								(reset) -> assertThat(reset).isBeforeOrEqualTo(now.plus(Duration.ofMinutes(1))));
				}
				assertThat(String.valueOf(snapshot.requestId())).doesNotContain("\r", "\n");
			}
		}
	}

	@Test
	void parseWhenRetryAfterIsHugeShouldReadAtMostADay() {
		assertThat(RateLimitSnapshot.parse(Map.of("retry-after", "99999999999")::get, clock).retryAfter())
			.isEqualTo(Duration.ofDays(1));
		assertThat(RateLimitSnapshot.parse(Map.of("retry-after-ms", "1e15")::get, clock).retryAfter())
			.isEqualTo(Duration.ofDays(1));
	}

	@Test
	void parseWhenNoHeadersShouldKnowNothing() {
		RateLimitSnapshot snapshot = RateLimitSnapshot.parse((name) -> null, clock);
		assertThat(snapshot.requests().isKnown()).isFalse();
		assertThat(snapshot.tokens().isKnown()).isFalse();
		assertThat(snapshot.requestId()).isNull();
	}

}
