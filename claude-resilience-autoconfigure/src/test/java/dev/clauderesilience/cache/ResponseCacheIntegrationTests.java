package dev.clauderesilience.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;

import dev.clauderesilience.autoconfigure.StarterContext;
import dev.clauderesilience.client.ClaudeApiException;
import dev.clauderesilience.client.ClaudeClient;
import dev.clauderesilience.client.ClaudeException;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeResponse;
import dev.clauderesilience.client.ClaudeStreamAccumulator;
import dev.clauderesilience.client.ClaudeStreamEvent;
import dev.clauderesilience.client.ClaudeUnavailableException;
import dev.clauderesilience.ratelimit.ClaudeRateLimiter;
import dev.clauderesilience.ratelimit.MutableClock;
import dev.clauderesilience.test.ClaudeSimulator;
import dev.clauderesilience.test.ClaudeSimulatorExtension;
import dev.clauderesilience.test.SimulatedFault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The response cache, on the simulator: what reaches the API, what the caller gets.
 */
class ResponseCacheIntegrationTests {

	@RegisterExtension
	static final ClaudeSimulatorExtension simulator = ClaudeSimulatorExtension.create();

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final String MODEL = "claude-sonnet-4-5";

	private static final ClaudeRequest FAQ = ClaudeRequest.builder()
		.model(MODEL)
		.maxTokens(100)
		.user("What is the refund policy?")
		.cacheable(true)
		.build();

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));

	private ApplicationContextRunner runner(String... properties) {
		return StarterContext.on(sim(), properties).withBean("claudeClock", Clock.class, () -> this.clock);
	}

	private static ClaudeSimulator sim() {
		return simulator.simulator();
	}

	@Test
	void hitShouldSkipTheApiAndTheLimits() {
		runner("claude.limits.requests-per-minute=60").run((context) -> {
			ClaudeClient client = context.getBean(ClaudeClient.class);
			ClaudeResponse first = client.send(FAQ).block(TIMEOUT);
			double level = context.getBean(ClaudeRateLimiter.class).group(MODEL).clientLevels().requests();

			ClaudeResponse second = client.send(FAQ).block(TIMEOUT);

			assertThat(sim().count()).isEqualTo(1);
			assertThat(first.fromCache()).isFalse();
			assertThat(second.fromCache()).isTrue();
			assertThat(second.source()).isEqualTo(ClaudeResponse.Source.CACHE);
			assertThat(second.text()).isEqualTo(first.text());
			assertThat(context.getBean(ClaudeRateLimiter.class).group(MODEL).clientLevels().requests()).isEqualTo(level);
		});
	}

	@Test
	void explicitModeShouldCacheOnlyRequestsMarkedCacheable() {
		runner().run((context) -> {
			ClaudeClient client = context.getBean(ClaudeClient.class);
			ClaudeRequest unmarked = FAQ.toBuilder().cacheable(false).build();
			client.send(unmarked).block(TIMEOUT);
			assertThat(client.send(unmarked).block(TIMEOUT).fromCache()).isFalse();
			assertThat(sim().count()).isEqualTo(2);
		});
	}

	@Test
	void alwaysModeShouldCacheEveryRequestAndOffModeNone() {
		ClaudeRequest unmarked = FAQ.toBuilder().cacheable(false).build();
		runner("claude.cache.mode=always").run((context) -> {
			ClaudeClient client = context.getBean(ClaudeClient.class);
			client.send(unmarked).block(TIMEOUT);
			assertThat(client.send(unmarked).block(TIMEOUT).fromCache()).isTrue();
		});
		assertThat(sim().count()).isEqualTo(1);
		runner("claude.cache.mode=off").run((context) -> {
			ClaudeClient client = context.getBean(ClaudeClient.class);
			client.send(FAQ).block(TIMEOUT);
			assertThat(client.send(FAQ).block(TIMEOUT).fromCache()).isFalse();
		});
		assertThat(sim().count()).isEqualTo(3);
	}

	@Test
	void entryShouldExpireAfterItsTtl() {
		runner("claude.cache.ttl=10m").run((context) -> {
			ClaudeClient client = context.getBean(ClaudeClient.class);
			client.send(FAQ).block(TIMEOUT);
			this.clock.advance(Duration.ofMinutes(10));
			assertThat(client.send(FAQ).block(TIMEOUT).fromCache()).as("still fresh at the TTL").isTrue();
			this.clock.advance(Duration.ofSeconds(1));
			assertThat(client.send(FAQ).block(TIMEOUT).fromCache()).as("expired after it").isFalse();
			assertThat(sim().count()).isEqualTo(2);
		});
	}

	@Test
	void identicalConcurrentMissesShouldShareOneUpstreamCall() {
		sim().enqueueFault(SimulatedFault.delay(Duration.ofMillis(300)));
		runner().run((context) -> {
			ClaudeClient client = context.getBean(ClaudeClient.class);

			List<ClaudeResponse> answers = Flux.range(0, 10)
				.flatMap((i) -> client.send(FAQ), 10)
				.collectList()
				.block(TIMEOUT);

			assertThat(answers).hasSize(10).extracting(ClaudeResponse::text).containsOnly(answers.get(0).text());
			assertThat(sim().count()).isEqualTo(1);
		});
	}

	@Test
	void expiredEntryShouldBeServedMarkedStaleWhenTheApiIsUnavailable() {
		runner().run((context) -> {
			ClaudeClient client = context.getBean(ClaudeClient.class);
			ClaudeResponse fresh = client.send(FAQ).block(TIMEOUT);
			this.clock.advance(Duration.ofMinutes(30));
			sim().outage(MODEL);

			ClaudeResponse stale = client.send(FAQ).block(TIMEOUT);

			assertThat(stale.source()).isEqualTo(ClaudeResponse.Source.STALE_CACHE);
			assertThat(stale.text()).isEqualTo(fresh.text());
			assertThat(sim().journal().get(sim().count() - 1).status()).isEqualTo(529);
		});
	}

	@Test
	void expiredEntryShouldNotBeServedForRequestErrors() {
		runner().run((context) -> {
			ClaudeClient client = context.getBean(ClaudeClient.class);
			client.send(FAQ).block(TIMEOUT);
			this.clock.advance(Duration.ofMinutes(30));
			sim().enqueueFault(SimulatedFault.status(400));
			sim().enqueueFault(SimulatedFault.status(403));
			sim().enqueueFault(SimulatedFault.status(401));

			assertThat(catchThrowable(() -> client.send(FAQ).block(TIMEOUT)))
				.isInstanceOf(ClaudeApiException.InvalidRequest.class);
			assertThat(catchThrowable(() -> client.send(FAQ).block(TIMEOUT)))
				.isInstanceOf(ClaudeApiException.PermissionDenied.class);
			assertThat(catchThrowable(() -> client.send(FAQ).block(TIMEOUT)))
				.isInstanceOf(ClaudeUnavailableException.class)
				.hasCauseInstanceOf(ClaudeApiException.Authentication.class);
		});
	}

	@Test
	void expiredEntryShouldBeDroppedAfterTheStaleTtl() {
		runner("claude.cache.stale-ttl=1h").run((context) -> {
			ClaudeClient client = context.getBean(ClaudeClient.class);
			client.send(FAQ).block(TIMEOUT);
			this.clock.advance(Duration.ofMinutes(71));
			sim().outage(MODEL);

			assertThat(catchThrowable(() -> client.send(FAQ).block(TIMEOUT)))
				.isInstanceOf(ClaudeUnavailableException.class);
		});
	}

	@Test
	void cachedAnswerShouldReplayAsAStream() {
		runner().run((context) -> {
			ClaudeClient client = context.getBean(ClaudeClient.class);
			ClaudeResponse answer = client.send(FAQ).block(TIMEOUT);

			List<ClaudeStreamEvent> events = client.stream(FAQ).collectList().block(TIMEOUT);
			ClaudeResponse replayed = ClaudeStreamAccumulator.collect(Flux.fromIterable(events)).block(TIMEOUT);

			assertThat(sim().count()).isEqualTo(1);
			assertThat(events.get(0)).isInstanceOfSatisfying(ClaudeStreamEvent.MessageStart.class,
					(start) -> assertThat(start.message().fromCache()).isTrue());
			assertThat(events.get(events.size() - 1)).isInstanceOf(ClaudeStreamEvent.MessageStop.class);
			assertThat(replayed.text()).isEqualTo(answer.text());
			assertThat(replayed.usage().outputTokens()).isEqualTo(answer.usage().outputTokens());
		});
	}

	@Test
	void completedStreamShouldBeStoredButAnInterruptedOneNever() {
		sim().enqueueFault(SimulatedFault.midStreamError());
		runner().run((context) -> {
			ClaudeClient client = context.getBean(ClaudeClient.class);
			assertThat(catchThrowable(() -> client.stream(FAQ).blockLast(TIMEOUT))).isInstanceOf(ClaudeException.class);
			String streamed = ClaudeStreamAccumulator.collect(client.stream(FAQ)).block(TIMEOUT).text();

			ClaudeResponse cached = client.send(FAQ).block(TIMEOUT);

			assertThat(sim().count()).as("the interrupted stream and the complete one").isEqualTo(2);
			assertThat(cached.fromCache()).isTrue();
			assertThat(cached.text()).isEqualTo(streamed);
		});
	}

	@Test
	void applicationCacheManagerShouldBeUsedInsteadOfTheStartersOwn() {
		ConcurrentMapCacheManager manager = new ConcurrentMapCacheManager();
		runner().withBean(CacheManager.class, () -> manager).run((context) -> {
			ClaudeClient client = context.getBean(ClaudeClient.class);
			client.send(FAQ).block(TIMEOUT);

			assertThat(client.send(FAQ).block(TIMEOUT).fromCache()).isTrue();
			assertThat(context).doesNotHaveBean(CaffeineCacheManager.class);
			assertThat(manager.getCacheNames()).containsExactly(ClaudeResponseCache.CACHE_NAME);
		});
	}

	@Test
	void starterShouldProvideACaffeineCacheWhenTheApplicationHasNone() {
		runner().run((context) -> assertThat(context.getBean(CacheManager.class)).isInstanceOf(CaffeineCacheManager.class));
		runner("claude.cache.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(CacheManager.class);
			ClaudeClient client = context.getBean(ClaudeClient.class);
			client.send(FAQ).block(TIMEOUT);
			assertThat(client.send(FAQ).block(TIMEOUT).fromCache()).isFalse();
		});
	}

}
