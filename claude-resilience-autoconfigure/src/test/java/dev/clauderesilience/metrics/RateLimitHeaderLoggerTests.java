package dev.clauderesilience.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.clauderesilience.client.Usage;
import dev.clauderesilience.observation.ClaudeObserver.Outcome;
import dev.clauderesilience.ratelimit.ClaudeRateLimiter;
import dev.clauderesilience.ratelimit.LimitSettings;
import dev.clauderesilience.ratelimit.OutputReservation;
import dev.clauderesilience.client.RateLimitSnapshot;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class RateLimitHeaderLoggerTests {

	private static final String MODEL = "claude-sonnet-4-5";

	private static final Instant NOW = Instant.parse("2025-11-03T09:00:00Z");

	private final ClaudeRateLimiter limiter = new ClaudeRateLimiter(ClaudeRateLimiter.Settings.of(LimitSettings.NONE),
			Clock.fixed(NOW, ZoneOffset.UTC), null);

	private final LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());

	@BeforeEach
	void debug() {
		this.logging.setLogLevel(RateLimitHeaderLogger.class.getName(), LogLevel.DEBUG);
	}

	@AfterEach
	void reset() {
		this.logging.setLogLevel(RateLimitHeaderLogger.class.getName(), null);
	}

	@Test
	void eachNewSnapshotShouldBeLoggedOnceInOneLine(CapturedOutput output) {
		RateLimitHeaderLogger logger = new RateLimitHeaderLogger(this.limiter);
		RateLimitSnapshot.Limit requests = new RateLimitSnapshot.Limit(50L, 49L, NOW.plusSeconds(2));
		RateLimitSnapshot.Limit tokens = new RateLimitSnapshot.Limit(80_000L, 79_000L, NOW.plusSeconds(1));
		RateLimitSnapshot.Limit unknown = new RateLimitSnapshot.Limit(null, null, null);
		this.limiter.learn(MODEL,
				new RateLimitSnapshot(requests, tokens, tokens, unknown, unknown, unknown, null, null, "req_42", NOW));

		logger.callEnded(MODEL, MODEL, Outcome.SUCCESS, Duration.ofMillis(10), Usage.NONE);
		logger.callEnded(MODEL, MODEL, Outcome.CACHE_HIT, Duration.ofMillis(1), Usage.NONE);

		assertThat(output.getOut().lines().filter((line) -> line.contains("Claude rate limits"))).singleElement()
			.asString()
			.contains("DEBUG")
			.contains("Claude rate limits for sonnet (request-id req_42): requests 49/50 reset 2025-11-03T09:00:02Z, "
					+ "input-tokens 79000/80000 reset 2025-11-03T09:00:01Z, tokens 79000/80000 reset "
					+ "2025-11-03T09:00:01Z");
	}

}
