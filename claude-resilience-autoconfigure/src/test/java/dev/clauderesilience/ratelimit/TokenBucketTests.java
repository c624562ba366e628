package dev.clauderesilience.ratelimit;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TokenBucketTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));

	// 600 per minute = 10 per second; a 2 s allowance holds 20
	private final TokenBucket bucket = new TokenBucket("claude-sonnet-input-tokens", 600, Duration.ofSeconds(2),
			Duration.ofSeconds(5), this.clock);

	@BeforeEach
	void fill() {
		this.clock.advance(Duration.ofSeconds(1));
	}

	@Test
	void newBucketShouldStartHalfFullAndFillToTheBurstAllowance() {
		TokenBucket fresh = new TokenBucket("fresh", 600, Duration.ofSeconds(2), Duration.ofSeconds(5), this.clock);
		assertThat(fresh.capacity()).isEqualTo(20);
		assertThat(fresh.level()).isEqualTo(10);
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(fresh.level()).isEqualTo(20);
	}

	@Test
	void reserveShouldGoAtOnceWhileTheLevelCoversItThenWaitForRefill() {
		assertThat(this.bucket.reserve(15)).isZero();
		assertThat(this.bucket.reserve(10)).isEqualTo(Duration.ofMillis(500).toNanos());
		assertThat(this.bucket.level()).isEqualTo(-5);
	}

	@Test
	void refillShouldBeContinuousAndCappedAtTheAllowance() {
		this.bucket.reserve(20);
		this.clock.advance(Duration.ofMillis(300));
		assertThat(this.bucket.level()).isCloseTo(3, within(1e-9));
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(this.bucket.level()).isEqualTo(20);
	}

	@Test
	void adjustShouldTakeMoreOrGiveBackButNeverOverfill() {
		this.bucket.reserve(10);
		this.bucket.adjust(-4);
		assertThat(this.bucket.level()).isEqualTo(14);
		this.bucket.adjust(30);
		assertThat(this.bucket.level()).isEqualTo(-16);
		this.bucket.adjust(-100);
		assertThat(this.bucket.level()).isEqualTo(20);
	}

	@Test
	void learnShouldDropTheLevelWhenTheApiReportsLessRemaining() {
		this.bucket.learn(600L, 7L, this.clock.instant().plusSeconds(1));
		assertThat(this.bucket.level()).isEqualTo(7);
		this.bucket.learn(600L, 500L, this.clock.instant().plusSeconds(1));
		assertThat(this.bucket.level()).as("more remaining upstream never raises the local level").isEqualTo(7);
	}

	@Test
	void learnShouldSlowTheRefillToALowerApiLimitUntilItsReset() {
		this.bucket.reserve(20);
		// another process shares the key: the API's own limit is 60 per minute, 1 per second
		this.bucket.learn(60L, 0L, this.clock.instant().plusSeconds(90));
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.bucket.level()).isCloseTo(1, within(1e-9));
		this.clock.advance(Duration.ofSeconds(90));
		assertThat(this.bucket.level()).as("back to the configured rate after the reset").isEqualTo(20);
	}

	@Test
	void resilience4jReservationShouldRefuseBeyondTheTimeoutAndGiveTheCapacityBack() {
		assertThat(this.bucket.reservePermission(20)).isZero();
		assertThat(this.bucket.reservePermission(20)).isEqualTo(Duration.ofSeconds(2).toNanos());
		assertThat(this.bucket.reservePermission(20)).isEqualTo(Duration.ofSeconds(4).toNanos());
		assertThat(this.bucket.reservePermission(20)).as("6 s is past the 5 s timeout").isEqualTo(-1);
		assertThat(this.bucket.level()).isEqualTo(-40);
		assertThat(this.bucket.getMetrics().getAvailablePermissions()).isEqualTo(-40);
		assertThat(this.bucket.getRateLimiterConfig().getTimeoutDuration()).isEqualTo(Duration.ofSeconds(5));
	}

}
