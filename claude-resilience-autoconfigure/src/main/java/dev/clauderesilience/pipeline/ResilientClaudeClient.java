package dev.clauderesilience.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.retry.Retry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.clauderesilience.breaker.ModelCircuitBreakers;
import dev.clauderesilience.client.ApiVersion;
import dev.clauderesilience.client.ClaudeApiException;
import dev.clauderesilience.client.ClaudeClient;
import dev.clauderesilience.client.ClaudeException;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeRequestValidator;
import dev.clauderesilience.client.ClaudeResponse;
import dev.clauderesilience.client.ClaudeStreamEvent;
import dev.clauderesilience.client.Usage;
import dev.clauderesilience.ratelimit.ClaudeRateLimiter;
import dev.clauderesilience.ratelimit.Permit;
import dev.clauderesilience.ratelimit.TokenEstimator;
import dev.clauderesilience.retry.ClaudeDeadlineExceededException;
import dev.clauderesilience.retry.ClaudeRetryPolicy;

/**
 * The resilience pipeline around the HTTP client, in Resilience4j's documented order:
 * <pre>
 * Retry( CircuitBreaker( RateLimiter( HTTP ) ) )    within claude.deadline
 * </pre>
 * Each attempt asks the model's breaker, then waits (without a thread) for the limits, then
 * sends; the answer settles the reserved tokens and teaches the limiter the server's view.
 * Retries go through the breaker and the limits again, so they count against the limits.
 *
 * @since 0.1.0
 */
public final class ResilientClaudeClient implements ClaudeClient {

	private final ClaudeClient http;

	private final Settings settings;

	private final ClaudeRateLimiter limiter;

	private final TokenEstimator estimator;

	private final Retry retry;

	private final ClaudeRetryPolicy retryPolicy;

	private final ModelCircuitBreakers breakers;

	private final Clock clock;

	/**
	 * The pipeline.
	 * @param http the HTTP client it decorates
	 * @param settings defaults and the deadline
	 * @param limiter the client-side limits
	 * @param estimator the input-token estimator
	 * @param retry the Resilience4j retry ({@code claude})
	 * @param retryPolicy what is retried and how long to wait
	 * @param breakers the per-model circuit breakers
	 * @param clock the clock
	 */
	public ResilientClaudeClient(ClaudeClient http, Settings settings, ClaudeRateLimiter limiter,
			TokenEstimator estimator, Retry retry, ClaudeRetryPolicy retryPolicy, ModelCircuitBreakers breakers,
			Clock clock) {
		this.http = http;
		this.settings = settings;
		this.limiter = limiter;
		this.estimator = estimator;
		this.retry = retry;
		this.retryPolicy = retryPolicy;
		this.breakers = breakers;
		this.clock = clock;
	}

	@Override
	public Mono<ClaudeResponse> send(ClaudeRequest request) {
		return Mono.defer(() -> {
			ClaudeRequest complete = prepare(request);
			long deadline = nanos() + this.settings.deadline().toNanos();
			return retrying(() -> attempt(complete), deadline, complete.model()).single();
		}).timeout(this.settings.deadline(), Mono.error(() -> ClaudeDeadlineExceededException.of(this.settings.deadline())));
	}

	@Override
	public Flux<ClaudeStreamEvent> stream(ClaudeRequest request) {
		return Flux.defer(() -> {
			ClaudeRequest complete = prepare(request);
			long deadline = nanos() + this.settings.deadline().toNanos();
			return retrying(() -> attemptStream(complete), deadline, complete.model());
		});
	}

	@Override
	public Mono<Integer> countTokens(ClaudeRequest request) {
		// free and separately limited by the API: no pacing, but the same retry rules
		return Mono.defer(() -> {
			ClaudeRequest complete = request.withDefaults(this.settings.defaultModel(), this.settings.defaultMaxTokens());
			long deadline = nanos() + this.settings.deadline().toNanos();
			return retrying(() -> this.http.countTokens(complete).flux(), deadline, complete.model()).single();
		});
	}

	private ClaudeRequest prepare(ClaudeRequest request) {
		ClaudeRequest complete = request.withDefaults(this.settings.defaultModel(), this.settings.defaultMaxTokens());
		// a request the API would reject must not spend an attempt or any capacity
		ClaudeRequestValidator.validate(complete, this.settings.apiVersion(), true);
		return complete;
	}

	// One attempt: breaker, then limits, then HTTP
	private Flux<ClaudeResponse> attempt(ClaudeRequest request) {
		String model = request.model();
		CircuitBreaker breaker = this.breakers.forModel(model);
		return this.estimator.estimate(request)
			.flatMap((tokens) -> this.limiter.acquire(model, tokens, request.maxTokens()))
			.flatMap((permit) -> this.http.send(request)
				.doOnNext((response) -> succeeded(model, permit, response.usage(), response))
				.doOnError((ex) -> failed(model, permit, ex))
				.doOnCancel(permit::release))
			.transformDeferred(CircuitBreakerOperator.of(breaker))
			.onErrorMap(CallNotPermittedException.class, this.breakers.refusal(model))
			.flux();
	}

	// One stream attempt; what it emits before the first content event is held back, so that a
	// retry of a stream that failed early never shows the caller a duplicate message_start
	private Flux<ClaudeStreamEvent> attemptStream(ClaudeRequest request) {
		String model = request.model();
		CircuitBreaker breaker = this.breakers.forModel(model);
		return this.estimator.estimate(request)
			.flatMap((tokens) -> this.limiter.acquire(model, tokens, request.maxTokens()))
			.flatMapMany((permit) -> {
				AtomicReference<Usage> usage = new AtomicReference<>();
				return StreamHoldback.untilContent(this.http.stream(request).doOnNext((event) -> {
					if (event instanceof ClaudeStreamEvent.MessageStart start) {
						usage.set(start.message().usage());
						this.limiter.learn(model, start.message().rateLimits());
					}
					else if (event instanceof ClaudeStreamEvent.MessageDelta delta) {
						usage.set(StreamHoldback.merge(usage.get(), delta.usage()));
					}
				}))
					.doOnComplete(() -> permit.settle((usage.get() != null) ? usage.get() : Usage.NONE))
					.doOnError((ex) -> {
						if (usage.get() != null) {
							// part of the answer was generated: those tokens were spent
							permit.settle(usage.get());
						}
						failed(model, permit, ex);
					})
					.doOnCancel(permit::release);
			})
			.transformDeferred(CircuitBreakerOperator.of(breaker))
			.onErrorMap(CallNotPermittedException.class, this.breakers.refusal(model));
	}

	private void succeeded(String model, Permit permit, Usage usage, ClaudeResponse response) {
		permit.settle(usage);
		this.limiter.learn(model, response.rateLimits());
	}

	private void failed(String model, Permit permit, Throwable failure) {
		permit.release();
		if (failure instanceof ClaudeException ex) {
			this.limiter.learn(model, ex.rateLimits());
			if (ex instanceof ClaudeApiException.RateLimited rateLimited && !rateLimited.isSpendCap()) {
				// the server's pause holds for everyone calling this model group, not just this caller
				rateLimited.retryAfter().ifPresent((wait) -> this.limiter.pause(model, wait));
			}
		}
	}

	private <T> Flux<T> retrying(Supplier<Flux<T>> attempt, long deadlineNanos, String model) {
		Retry.AsyncContext<T> context = this.retry.asyncContext();
		return attempt(attempt, context, deadlineNanos).doOnComplete(context::onComplete);
	}

	private <T> Flux<T> attempt(Supplier<Flux<T>> attempt, Retry.AsyncContext<T> context, long deadlineNanos) {
		return Flux.defer(attempt).onErrorResume((ex) -> {
			Throwable failure = unwrapTimeout(ex);
			long backoffMillis = context.onError(failure);
			if (backoffMillis < 0 || !this.retryPolicy.shouldRetry(failure)) {
				return Flux.error(failure);
			}
			Duration wait = this.retryPolicy.waitBefore(failure, Duration.ofMillis(backoffMillis));
			if (nanos() + wait.toNanos() > deadlineNanos) {
				// sleeping past the deadline helps nobody: fail now with what we know
				return Flux.error(failure);
			}
			return Mono.delay(wait).thenMany(attempt(attempt, context, deadlineNanos));
		});
	}

	private static Throwable unwrapTimeout(Throwable ex) {
		return (ex instanceof TimeoutException && ex.getCause() != null) ? ex.getCause() : ex;
	}

	private long nanos() {
		java.time.Instant now = this.clock.instant();
		return now.getEpochSecond() * 1_000_000_000L + now.getNano();
	}

	/**
	 * What the pipeline needs to know besides its parts.
	 *
	 * @param apiVersion the API version requests are validated against
	 * @param defaultModel the model for requests that name none
	 * @param defaultMaxTokens the max_tokens for requests that set none
	 * @param deadline the most time one call may take end to end, waits included
	 */
	public record Settings(ApiVersion apiVersion, String defaultModel, Integer defaultMaxTokens, Duration deadline) {
	}

}
