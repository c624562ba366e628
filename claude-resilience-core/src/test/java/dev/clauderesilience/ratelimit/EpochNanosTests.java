package dev.clauderesilience.ratelimit;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limiter's time arithmetic saturates: a time or a duration beyond what a {@code long} of
 * nanoseconds holds becomes the largest (or smallest) value, never a wrapped one or an exception.
 */
class EpochNanosTests {

	@Test
	void instantsBeyondALongShouldSaturate() {
		assertThat(EpochNanos.of(Instant.MAX)).isEqualTo(Long.MAX_VALUE);
		assertThat(EpochNanos.of(Instant.MIN)).isEqualTo(Long.MIN_VALUE);
		assertThat(EpochNanos.of(Instant.parse("2500-01-01T00:00:00Z"))).isEqualTo(Long.MAX_VALUE);
		assertThat(EpochNanos.of(Instant.ofEpochSecond(1, 5))).isEqualTo(1_000_000_005L);
		assertThat(EpochNanos.of(Instant.ofEpochSecond(-1, 5))).isEqualTo(-999_999_995L);
	}

	@Test
	void durationsBeyondALongShouldSaturate() {
		assertThat(EpochNanos.of(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999))).isEqualTo(Long.MAX_VALUE);
		assertThat(EpochNanos.of(Duration.ofSeconds(Long.MIN_VALUE))).isEqualTo(Long.MIN_VALUE);
		assertThat(EpochNanos.of(Duration.ofDays(200_000))).isEqualTo(Long.MAX_VALUE);
		assertThat(EpochNanos.of(Duration.ofDays(-200_000))).isEqualTo(Long.MIN_VALUE);
		assertThat(EpochNanos.of(Duration.ofDays(100_000))).isEqualTo(Duration.ofDays(100_000).toNanos());
		assertThat(EpochNanos.of(Duration.ZERO)).isZero();
		assertThat(EpochNanos.of(Duration.ofNanos(-1))).isEqualTo(-1);
	}

	@Test
	void sumsBeyondALongShouldSaturateBothWays() {
		assertThat(EpochNanos.plus(Long.MAX_VALUE, 1)).isEqualTo(Long.MAX_VALUE);
		assertThat(EpochNanos.plus(Long.MAX_VALUE - 5, Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
		assertThat(EpochNanos.plus(Long.MIN_VALUE, -1)).isEqualTo(Long.MIN_VALUE);
		assertThat(EpochNanos.plus(Long.MIN_VALUE + 5, Long.MIN_VALUE)).isEqualTo(Long.MIN_VALUE);
		assertThat(EpochNanos.plus(Long.MAX_VALUE, Long.MIN_VALUE)).isEqualTo(-1);
		assertThat(EpochNanos.plus(-5, 3)).isEqualTo(-2);
	}

	@Test
	void nanosShouldReadBackAsTheInstant() {
		Instant instant = Instant.parse("2026-12-02T01:49:00.123456789Z");
		assertThat(EpochNanos.toInstant(EpochNanos.of(instant))).isEqualTo(instant);
		assertThat(EpochNanos.toInstant(-1)).isEqualTo(Instant.ofEpochSecond(-1, 999_999_999));
	}

}
