package dev.clauderesilience.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.retry.Retry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

import dev.clauderesilience.breaker.ModelCircuitBreakers;
import dev.clauderesilience.cache.ClaudeResponseCache;
import dev.clauderesilience.client.ApiVersion;
import dev.clauderesilience.client.ClaudeClient;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeRequestValidationException;
import dev.clauderesilience.client.ClaudeRequestValidator;
import dev.clauderesilience.client.ClaudeResponse;
import dev.clauderesilience.client.RateLimitSnapshot;
import dev.clauderesilience.client.ClaudeFailureClassifier;
import dev.clauderesilience.client.ClaudeStreamEvent;
import dev.clauderesilience.client.FailureClass;
import dev.clauderesilience.client.ModelAllowList;
import dev.clauderesilience.client.ClaudeUnavailableException;
import dev.clauderesilience.client.Usage;
import dev.clauderesilience.errors.AuthenticationGuard;
import dev.clauderesilience.errors.FailureHandler;
import dev.clauderesilience.fallback.FallbackChain;
import dev.clauderesilience.observation.ClaudeObserver;
import dev.clauderesilience.observation.ClaudeObserver.Outcome;
import dev.clauderesilience.ratelimit.ClaudeRateLimiter;
import dev.clauderesilience.ratelimit.ClaudeTenantResolver;
import dev.clauderesilience.ratelimit.EpochNanos;
import dev.clauderesilience.ratelimit.LocalTokenEstimator;
import dev.clauderesilience.ratelimit.Permit;
import dev.clauderesilience.ratelimit.TokenEstimator;
import dev.clauderesilience.retry.ClaudeDeadlineExceededException;
import dev.clauderesilience.retry.ClaudeRetryPolicy;

/**
 * The resilience pipeline around the HTTP client. One call goes, from the outside in:
 * <pre>
 * cache → fallback chain → per model: Retry( CircuitBreaker( RateLimiter( HTTP ) ) )
 * </pre>
 * all within {@code claude.deadline}. A cache hit skips everything else. The fallback chain tries
 * the next model when the advisor allows. Each attempt asks the model's breaker, then waits
 * (without a thread) for the limits, then sends; the answer settles the reserved tokens and
 * teaches the limiter the server's view. Retries pass the breaker and the limits again, so they
 * count against the limits. A final failure is logged or queued for review by the
 * {@link FailureHandler} and, when nothing could answer, reaches the caller as a calm
 * {@link ClaudeUnavailableException}.
 * <p>
 * The {@link ClaudeObserver} is asked at the start of each call for an observer of that call
 * (a Micrometer observation, when one is configured: a span with the call's waits, retries and
 * fallbacks as events) and told everything about it.
 *
 * @since 0.1.0
 */
public final class ResilientClaudeClient implements ClaudeClient, AutoCloseable {

	private final ClaudeClient http;

	private final Settings settings;

	private final Parts parts;

	private final Clock clock;

	private final Deadlines deadlines;

	/**
	 * The pipeline.
	 * @param http the HTTP client it decorates
	 * @param settings defaults, the deadline and the unavailable message
	 * @param parts the layers
	 * @param clock the clock
	 */
	public ResilientClaudeClient(ClaudeClient http, Settings settings, Parts parts, Clock clock) {
		this.http = http;
		this.settings = settings;
		this.parts = parts;
		this.clock = clock;
		this.deadlines = new Deadlines(clock);
	}

	/**
	 * Closes the HTTP client's connections (called by Spring when the context closes).
	 * @throws Exception when the HTTP client fails to close
	 */
	@Override
	public void close() throws Exception {
		this.deadlines.close();
		if (this.http instanceof AutoCloseable closeable) {
			closeable.close();
		}
	}

	@Override
	public Mono<ClaudeResponse> send(ClaudeRequest request) {
		return Mono.deferContextual((caller) -> {
			Instant start = this.clock.instant();
			ClaudeRequest complete = request.withDefaults(this.settings.defaultModel(), this.settings.defaultMaxTokens());
			Throwable invalid = invalid(complete);
			if (invalid != null) {
				return Mono.error(finalFailure(call(complete, start, caller), invalid));
			}
			if (needsTenant(complete)) {
				return tenantOf(complete).flatMap((resolved) -> sendValid(call(resolved, start, caller)));
			}
			return sendValid(call(complete, start, caller));
		});
	}

	// one deadline for the whole call: every retry and every fallback model shares it
	private Mono<ClaudeResponse> sendValid(Call call) {
		Mono<ClaudeResponse> answer = this.parts.cache().send(call.request(), () -> Mono.defer(() -> {
			this.parts.authenticationGuard().check();
			return this.parts.fallback().send(call.request(), call.observer(), (request) -> sendToModel(request, call));
		}));
		return observed(this.deadlines
			.bound(answer, call.deadline(), () -> ClaudeDeadlineExceededException.of(this.settings.deadline()))
			.doOnNext((response) -> observeAnswer(call, response, response.usage()))
			.onErrorMap((ex) -> finalFailure(call, ex)), call);
	}

	private boolean needsTenant(ClaudeRequest request) {
		return request.tenant() == null && this.parts.tenantResolver() != ClaudeTenantResolver.NONE;
	}

	private Mono<ClaudeRequest> tenantOf(ClaudeRequest request) {
		return this.parts.tenantResolver().resolve(request).map(request::withTenant).defaultIfEmpty(request);
	}

	/**
	 * Streams through the same layers. The deadline bounds everything until the first content
	 * event (waits, retries, fallback models, and a server that sends only pings); once content
	 * flows, a long answer is not cut (the response timeout bounds the silence between events).
	 */
	@Override
	public Flux<ClaudeStreamEvent> stream(ClaudeRequest request) {
		return Flux.deferContextual((caller) -> {
			Instant start = this.clock.instant();
			ClaudeRequest complete = request.withDefaults(this.settings.defaultModel(), this.settings.defaultMaxTokens());
			Throwable invalid = invalid(complete);
			if (invalid != null) {
				return Flux.error(finalFailure(call(complete, start, caller), invalid));
			}
			if (needsTenant(complete)) {
				return tenantOf(complete).flatMapMany((resolved) -> streamValid(call(resolved, start, caller)));
			}
			return streamValid(call(complete, start, caller));
		});
	}

	private Flux<ClaudeStreamEvent> streamValid(Call call) {
		AtomicReference<ClaudeResponse> answer = new AtomicReference<>();
		AtomicReference<Usage> usage = new AtomicReference<>(Usage.NONE);
		return observed(this.parts.cache()
			.stream(call.request(), () -> Flux.defer(() -> {
				this.parts.authenticationGuard().check();
				return this.parts.fallback()
					.stream(call.request(), call.observer(), (request) -> streamFromModel(request, call));
			}))
			// the first event an attempt lets through is content (its message_start is held back)
			.timeout(this.deadlines.at(call.deadline()), (event) -> Mono.never(),
					Flux.error(() -> ClaudeDeadlineExceededException.of(this.settings.deadline())))
			.doOnNext((event) -> {
				if (event instanceof ClaudeStreamEvent.MessageStart messageStart) {
					answer.set(messageStart.message());
				}
				else if (event instanceof ClaudeStreamEvent.MessageDelta delta) {
					usage.set(delta.usage());
				}
			})
			.doOnComplete(() -> {
				if (answer.get() != null) {
					observeAnswer(call, answer.get(), StreamHoldback.merge(answer.get().usage(), usage.get()));
				}
			})
			.onErrorMap((ex) -> finalFailure(call, ex)), call);
	}

	@Override
	public Mono<Integer> countTokens(ClaudeRequest request) {
		// free and separately limited by the API: no pacing, but the same retry rules
		return Mono.defer(() -> {
			ClaudeRequest complete = request.withDefaults(this.settings.defaultModel(), this.settings.defaultMaxTokens());
			try {
				// the allow-list holds here too: a refused model is not even counted
				ClaudeRequestValidator.validate(complete, this.settings.apiVersion(), false, this.settings.allowedModels());
			}
			catch (ClaudeRequestValidationException ex) {
				return Mono.error(ex);
			}
			return retrying(() -> this.http.countTokens(complete).flux(), deadline(this.clock.instant()),
					complete.model(), this.parts.observer()).single();
		});
	}

	// a request the API would reject must not spend an attempt or any capacity
	private Throwable invalid(ClaudeRequest request) {
		try {
			ClaudeRequestValidator.validate(request, this.settings.apiVersion(), true, this.settings.allowedModels());
			return null;
		}
		catch (ClaudeRequestValidationException ex) {
			return ex;
		}
	}

	private long deadline(Instant start) {
		return EpochNanos.plus(EpochNanos.of(start), EpochNanos.of(this.settings.deadline()));
	}

	// one call: its observer (the pipeline's own, unless one follows calls one by one) and its deadline
	private Call call(ClaudeRequest request, Instant start, ContextView caller) {
		ClaudeObserver observer = this.parts.observer().callStarted(request, caller);
		return new Call(request, start, deadline(start), observer, observer != this.parts.observer());
	}

	// an observer following this call alone wraps what the caller subscribes to (an observation
	// is the parent of the layers below and ends when the caller cancels)
	private static <T> Mono<T> observed(Mono<T> call, Call observed) {
		// fromDirect: the source is a Mono, so no cancel after its element (Mono.from would send one)
		return observed.followed() ? Mono.fromDirect(observed.observer().callPublisher(call.flux())) : call;
	}

	private static <T> Flux<T> observed(Flux<T> call, Call observed) {
		return observed.followed() ? observed.observer().callPublisher(call) : call;
	}

	// One model: retries within the call's deadline, each attempt through breaker, limits and HTTP.
	// Monos only: each kind of operator on a call's path costs its code's cache misses on the
	// caller's thread, which is cold after waiting for the previous answer
	private Mono<ClaudeResponse> sendToModel(ClaudeRequest request, Call call) {
		return Mono.defer(() -> {
			Retry.AsyncContext<ClaudeResponse> context = this.parts.retry().asyncContext();
			// the retry's books close when the attempts end, answer or none, before the caller hears
			return attempts(request, call, context).doOnSuccess((response) -> context.onComplete()).single();
		});
	}

	private Mono<ClaudeResponse> attempts(ClaudeRequest request, Call call, Retry.AsyncContext<ClaudeResponse> context) {
		return Mono.defer(() -> attempt(request, call.observer())).onErrorResume((failed) -> {
			Throwable failure = refused(failed, request.model());
			Duration wait = retryWait(failure, context, call.deadline(), request.model(), call.observer());
			return (wait != null) ? Mono.delay(wait).then(attempts(request, call, context)) : Mono.error(failure);
		});
	}

	private Flux<ClaudeStreamEvent> streamFromModel(ClaudeRequest request, Call call) {
		return Flux.defer(() -> retrying(() -> attemptStream(request, call.observer()), call.deadline(),
				request.model(), call.observer()));
	}

	private Mono<ClaudeResponse> attempt(ClaudeRequest request, ClaudeObserver observer) {
		String model = request.model();
		CircuitBreaker breaker = this.parts.breakers().forModel(model);
		return permit(request).flatMap((permit) -> {
			waited(observer, model, permit);
			return this.http.send(request).doOnNext((response) -> {
				permit.complete(response);
				this.parts.failureHandler().authenticated();
			}).doOnError(permit::fail).doOnCancel(permit::abandon);
		})
			// each attempt assembles its own chain (the retry loop defers it), so the breaker's operator
			// need not be deferred again: it asks for permission when the attempt is subscribed (its
			// refusal becomes a ClaudeCircuitOpenException in the retry loop)
			.transform(CircuitBreakerOperator.of(breaker));
	}

	// What a stream emits before its first content event is held back, so that a retry of a
	// stream that failed early never shows the caller a duplicate message_start
	private Flux<ClaudeStreamEvent> attemptStream(ClaudeRequest request, ClaudeObserver observer) {
		String model = request.model();
		CircuitBreaker breaker = this.parts.breakers().forModel(model);
		return permit(request).flatMapMany((permit) -> {
			waited(observer, model, permit);
			AtomicReference<ClaudeResponse> start = new AtomicReference<>();
			AtomicReference<Usage> usage = new AtomicReference<>();
			return StreamHoldback.untilContent(this.http.stream(request).doOnNext((event) -> {
				if (event instanceof ClaudeStreamEvent.MessageStart messageStart) {
					start.set(messageStart.message());
					usage.set(messageStart.message().usage());
					this.parts.failureHandler().authenticated();
				}
				else if (event instanceof ClaudeStreamEvent.MessageDelta delta) {
					usage.set(StreamHoldback.merge(usage.get(), delta.usage()));
				}
			}))
				.doOnComplete(() -> permit.complete((usage.get() != null) ? usage.get() : Usage.NONE,
						(start.get() != null) ? start.get().rateLimits() : RateLimitSnapshot.EMPTY))
				// part of the answer may have been generated: those tokens were spent
				.doOnError((ex) -> permit.fail(ex, usage.get()))
				.doOnCancel(permit::abandon);
		}).transform(CircuitBreakerOperator.of(breaker));
	}

	// the permit for an attempt, with its input estimated first; the local estimate (the default)
	// is worked out at once, one operator less on every call's path
	private Mono<Permit> permit(ClaudeRequest request) {
		if (this.parts.estimator() instanceof LocalTokenEstimator local) {
			return this.parts.limiter().acquire(request, local.estimateNow(request));
		}
		return this.parts.estimator().estimate(request).flatMap((tokens) -> this.parts.limiter().acquire(request, tokens));
	}

	private static void waited(ClaudeObserver observer, String model, Permit permit) {
		if (!permit.waited().isZero()) {
			observer.waitedForCapacity(model, permit.lane(), permit.waited());
		}
	}

	private <T> Flux<T> retrying(Supplier<Flux<T>> attempt, long deadlineNanos, String model, ClaudeObserver observer) {
		Retry.AsyncContext<T> context = this.parts.retry().asyncContext();
		return attempt(attempt, context, deadlineNanos, model, observer).doOnComplete(context::onComplete);
	}

	private <T> Flux<T> attempt(Supplier<Flux<T>> attempt, Retry.AsyncContext<T> context, long deadlineNanos,
			String model, ClaudeObserver observer) {
		return Flux.defer(attempt).onErrorResume((failed) -> {
			Throwable failure = refused(failed, model);
			Duration wait = retryWait(failure, context, deadlineNanos, model, observer);
			return (wait != null) ? Mono.delay(wait).thenMany(attempt(attempt, context, deadlineNanos, model, observer))
					: Flux.error(failure);
		});
	}

	// The breaker's refusal as the starter's own exception; here, in the retry loops that look at
	// every failed attempt anyway, rather than in one more operator on every attempt's path
	private Throwable refused(Throwable failure, String model) {
		return (failure instanceof CallNotPermittedException refusal)
				? this.parts.breakers().refusal(model).apply(refusal) : failure;
	}

	// how long to wait before the next attempt, or null when the failure is final
	private Duration retryWait(Throwable failure, Retry.AsyncContext<?> context, long deadlineNanos, String model,
			ClaudeObserver observer) {
		long backoffMillis = context.onError(failure);
		if (backoffMillis < 0 || !this.parts.retryPolicy().shouldRetry(failure)) {
			return null;
		}
		Duration wait = this.parts.retryPolicy().waitBefore(failure, Duration.ofMillis(backoffMillis));
		if (EpochNanos.plus(nanos(), EpochNanos.of(wait)) > deadlineNanos) {
			// sleeping past the deadline helps nobody: fail now with what we know
			return null;
		}
		observer.retrying(model, Outcomes.reason(failure, this.parts.classifier().classify(failure)));
		return wait;
	}

	private void observeAnswer(Call call, ClaudeResponse response, Usage usage) {
		Outcome outcome = switch (response.source()) {
			case CACHE -> Outcome.CACHE_HIT;
			case STALE_CACHE -> Outcome.STALE;
			case API -> response.isFallback() ? Outcome.FALLBACK : Outcome.SUCCESS;
		};
		ClaudeRequest request = call.request();
		ClaudeObserver observer = call.observer();
		observer.callAnswered(response);
		observer.callEnded(request.model(), response.model(), outcome, Duration.between(call.start(), this.clock.instant()),
				(response.source() == ClaudeResponse.Source.API) ? usage : Usage.NONE);
		if (request.tenant() != null && response.source() == ClaudeResponse.Source.API) {
			observer.tenantCharged(request.tenant(), usage);
		}
	}

	private Throwable finalFailure(Call call, Throwable failure) {
		FailureClass failureClass = this.parts.classifier().classify(failure);
		this.parts.failureHandler().handle(call.request(), failure);
		call.observer().callFailed(failure, failureClass);
		call.observer().callEnded(call.request().model(), null, Outcome.of(failureClass),
				Duration.between(call.start(), this.clock.instant()), Usage.NONE);
		return Outcomes.calm(failure, failureClass, this.settings.unavailableMessage(), this.settings.maxPause());
	}

	private long nanos() {
		return EpochNanos.now(this.clock);
	}

	/**
	 * One call: its request, when it started, its deadline, and the observer told about it
	 * ({@code followed} when that observer is the call's own rather than the pipeline's).
	 */
	private record Call(ClaudeRequest request, Instant start, long deadline, ClaudeObserver observer,
			boolean followed) {
	}

	/**
	 * What the pipeline needs to know besides its parts.
	 *
	 * @param apiVersion the API version requests are validated against
	 * @param defaultModel the model for requests that name none
	 * @param defaultMaxTokens the max_tokens for requests that set none
	 * @param deadline the most time one call may take end to end, waits included
	 * @param unavailableMessage what end users are told when nothing can answer
	 * @param maxPause the longest {@code Retry-After} callers are told when nothing can answer
	 * (a daily or tenant budget's real reset excepted)
	 * @param allowedModels the models callers may ask for
	 */
	public record Settings(ApiVersion apiVersion, String defaultModel, Integer defaultMaxTokens, Duration deadline,
			String unavailableMessage, Duration maxPause, ModelAllowList allowedModels) {
	}

	/**
	 * The layers of the pipeline.
	 *
	 * @param cache the response cache
	 * @param fallback the fallback chain
	 * @param retry the Resilience4j retry ({@code claude})
	 * @param retryPolicy what is retried and how long to wait
	 * @param breakers the per-model circuit breakers
	 * @param limiter the client-side limits
	 * @param estimator the input-token estimator
	 * @param authenticationGuard fails calls at once after a 401
	 * @param failureHandler logs, guards and queues final failures
	 * @param observer told what happens, for metrics, health and traces (each call asks it for
	 * an observer of that call alone, see {@link ClaudeObserver#callStarted})
	 * @param tenantResolver names the tenant of calls that name none
	 * @param classifier how each failure is treated
	 */
	public record Parts(ClaudeResponseCache cache, FallbackChain fallback, Retry retry, ClaudeRetryPolicy retryPolicy,
			ModelCircuitBreakers breakers, ClaudeRateLimiter limiter, TokenEstimator estimator,
			AuthenticationGuard authenticationGuard, FailureHandler failureHandler, ClaudeObserver observer,
			ClaudeTenantResolver tenantResolver, ClaudeFailureClassifier classifier) {
	}

}
