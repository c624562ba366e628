package dev.clauderesilience.pipeline;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.common.retry.configuration.RetryConfigCustomizer;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot3.retry.autoconfigure.RetryAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.test.scheduler.VirtualTimeScheduler;
import org.springframework.cache.support.NoOpCache;

import dev.clauderesilience.autoconfigure.ClaudeDefaultsEnvironmentPostProcessor;
import dev.clauderesilience.breaker.ModelCircuitBreakers;
import dev.clauderesilience.cache.ClaudeResponseCache;
import dev.clauderesilience.client.ClaudeException;
import dev.clauderesilience.client.ClaudeFailureClassifier;
import dev.clauderesilience.client.ModelAllowList;
import dev.clauderesilience.client.ClaudeUnavailableException;
import dev.clauderesilience.errors.AuthenticationGuard;
import dev.clauderesilience.errors.FailureHandler;
import dev.clauderesilience.fallback.DefaultFallbackModelAdvisor;
import dev.clauderesilience.fallback.FallbackChain;
import dev.clauderesilience.observation.ClaudeObserver;
import dev.clauderesilience.review.InMemoryReviewQueue;
import dev.clauderesilience.review.InputAnonymizer;
import dev.clauderesilience.client.ApiVersion;
import dev.clauderesilience.ratelimit.ClaudeRateLimiter;
import dev.clauderesilience.ratelimit.ClaudeTenantResolver;
import dev.clauderesilience.ratelimit.LimitSettings;
import dev.clauderesilience.ratelimit.LocalTokenEstimator;
import dev.clauderesilience.ratelimit.OutputReservation;
import dev.clauderesilience.retry.ClaudeRetryPolicy;
import dev.clauderesilience.ratelimit.VirtualClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipeline over a scripted HTTP client, with Resilience4j registries configured exactly as
 * the starter configures them (its defaults, plus any properties a test sets), all on a clock
 * that follows Reactor's virtual time.
 */
final class PipelineFixture {

	final VirtualClock clock = new VirtualClock();

	final ScriptedHttp http = new ScriptedHttp(this.clock);

	final ClaudeRateLimiter limiter;

	final ModelCircuitBreakers breakers;

	final ResilientClaudeClient client;

	final RetryRegistry retryRegistry;

	final InMemoryReviewQueue reviewQueue = new InMemoryReviewQueue(10);

	final AuthenticationGuard authenticationGuard = new AuthenticationGuard(Duration.ofSeconds(30), this.clock, null);

	PipelineFixture(LimitSettings limits, Duration maxWait, Duration deadline, String... properties) {
		this(limits, maxWait, deadline, List.of(), ModelAllowList.ANY, properties);
	}

	PipelineFixture(LimitSettings limits, Duration maxWait, Duration deadline, List<String> fallbackModels,
			ModelAllowList allowedModels, String... properties) {
		this(limits, maxWait, deadline, fallbackModels, allowedModels, ClaudeObserver.NONE, properties);
	}

	/**
	 * A pipeline with fallback models, allowed models and an observer.
	 */
	PipelineFixture(LimitSettings limits, Duration maxWait, Duration deadline, List<String> fallbackModels,
			ModelAllowList allowedModels, ClaudeObserver observer, String... properties) {
		AtomicReference<RetryRegistry> retries = new AtomicReference<>();
		AtomicReference<CircuitBreakerRegistry> circuitBreakers = new AtomicReference<>();
		ClaudeRetryPolicy policy = new ClaudeRetryPolicy();
		Predicate<Throwable> retryable = policy::shouldRetry;
		new ApplicationContextRunner()
			.withInitializer((context) -> new ClaudeDefaultsEnvironmentPostProcessor()
				.postProcessEnvironment(context.getEnvironment(), null))
			.withConfiguration(AutoConfigurations.of(RetryAutoConfiguration.class, CircuitBreakerAutoConfiguration.class))
			.withBean(RetryConfigCustomizer.class,
					() -> RetryConfigCustomizer.of("claude", (builder) -> builder.retryOnException(retryable)))
			.withPropertyValues(properties)
			.run((context) -> {
				retries.set(context.getBean(RetryRegistry.class));
				circuitBreakers.set(context.getBean(CircuitBreakerRegistry.class));
			});
		this.retryRegistry = retries.get();
		this.limiter = new ClaudeRateLimiter(ClaudeRateLimiter.Settings.of(limits)
			.withMaxWait(maxWait)
			.withOutputReservation(OutputReservation.MAX_TOKENS), this.clock, null);
		this.breakers = new ModelCircuitBreakers(circuitBreakers.get(), this.clock);
		this.client = new ResilientClaudeClient(this.http,
				new ResilientClaudeClient.Settings(ApiVersion.V2026_10_21, "claude-sonnet-4-5", 100, deadline,
						ClaudeException.UNAVAILABLE_MESSAGE, Duration.ofSeconds(60), allowedModels),
				new ResilientClaudeClient.Parts(
						new ClaudeResponseCache(new NoOpCache("claude-responses"), ClaudeResponseCache.Mode.OFF,
								Duration.ofMinutes(10), Duration.ofHours(1), ApiVersion.V2026_10_21, this.clock),
						new FallbackChain(fallbackModels, new DefaultFallbackModelAdvisor(), observer),
						this.retryRegistry.retry("claude"), policy, this.breakers, this.limiter, new LocalTokenEstimator(),
						this.authenticationGuard, new FailureHandler(this.authenticationGuard, this.reviewQueue,
								new InputAnonymizer(List.of()), null, 200, this.clock, ClaudeFailureClassifier.DEFAULT),
						observer, ClaudeTenantResolver.NONE, ClaudeFailureClassifier.DEFAULT),
				this.clock);
		if (limits != LimitSettings.NONE) {
			// buckets start half full; let the default model's fill up, as after a quiet spell
			this.limiter.group("claude-sonnet-4-5");
			VirtualTimeScheduler.getOrSet().advanceTimeBy(Duration.ofSeconds(2));
			this.http.startClock();
		}
	}

	/**
	 * Accepts a failure of the type, as the caller receives it: itself, or carried by the calm
	 * {@link ClaudeUnavailableException}.
	 */
	static Consumer<Throwable> failure(Class<? extends Throwable> type) {
		return (failure) -> assertThat(unwrap(failure)).isInstanceOf(type);
	}

	static Throwable unwrap(Throwable failure) {
		return (failure instanceof ClaudeUnavailableException) ? failure.getCause() : failure;
	}

	PipelineFixture(String... properties) {
		this(LimitSettings.NONE, Duration.ofSeconds(30), Duration.ofHours(1), properties);
	}

}
