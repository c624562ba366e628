package dev.clauderesilience.observation;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxOperator;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeResponse;
import dev.clauderesilience.client.FailureClass;
import dev.clauderesilience.client.Usage;

/**
 * Makes each call a Micrometer {@link Observation} (named and tagged by a
 * {@link ClaudeObservationConvention}): a span under the caller's current observation, found in
 * the caller's Reactor context ({@link ObservationThreadLocalAccessor#KEY}) or else on the
 * calling thread, and itself the parent of the HTTP client's observation. The call's limiter
 * waits, retries, fallbacks and cache answers are {@link Observation.Event}s on it (Spring Boot
 * also counts each event as a meter named {@code <observation>.<event>}).
 * <p>
 * With a no-op registry (none configured, or no handler) a call costs one check and nothing is
 * allocated.
 *
 * @since 0.2.0
 */
public final class ClaudeObservationObserver implements ClaudeObserver {

	/**
	 * Event: the call waited for client-side capacity, a millisecond or more; its contextual name
	 * says how long.
	 */
	public static final String LIMITER_WAIT = "limiter.wait";

	/** Event: an attempt failed and is retried; its contextual name gives the attempt and the reason. */
	public static final String RETRY = "retry";

	/** Event: the call moves on to a fallback model; its contextual name gives both models. */
	public static final String FALLBACK = "fallback";

	/** Event: the answer came from the response cache. */
	public static final String CACHE_HIT = "cache.hit";

	/** Event: an expired answer was served from the cache because the API could not answer. */
	public static final String CACHE_STALE = "cache.stale";

	/** Event: the caller cancelled the call before it ended. */
	public static final String CANCELLED = "cancelled";

	// shorter waits are the limiter's bookkeeping, not worth an event (the context counts them)
	private static final Duration NOTABLE_WAIT = Duration.ofMillis(1);

	private final ObservationRegistry registry;

	private final ClaudeObservationConvention convention;

	/**
	 * An observer recording observations.
	 * @param registry the registry, {@link ObservationRegistry#NOOP} for none
	 * @param convention the convention (a {@code GlobalObservationConvention} of the registry
	 * takes precedence)
	 */
	public ClaudeObservationObserver(ObservationRegistry registry, ClaudeObservationConvention convention) {
		this.registry = Objects.requireNonNull(registry, "registry");
		this.convention = Objects.requireNonNull(convention, "convention");
	}

	@Override
	public ClaudeObserver callStarted(ClaudeRequest request, ContextView context) {
		if (this.registry.isNoop()) {
			return this;
		}
		ClaudeObservationContext call = new ClaudeObservationContext(request);
		Observation observation = Observation.createNotStarted(null, this.convention, () -> call, this.registry);
		if (observation.isNoop()) {
			return this;
		}
		// a reactive caller's observation is in its Reactor context; a blocking caller's on its thread
		Observation parent = context.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
		if (parent != null && !parent.isNoop()) {
			observation.parentObservation(parent);
		}
		return new ObservedCall(observation.start(), call);
	}

	/**
	 * One call's observation, open until the call ends or its caller cancels.
	 */
	private static final class ObservedCall implements ClaudeObserver {

		private final Observation observation;

		private final ClaudeObservationContext context;

		private final AtomicBoolean open = new AtomicBoolean(true);

		// the attempt about to be made of the model being tried (1 is the first)
		private int attempt = 1;

		ObservedCall(Observation observation, ClaudeObservationContext context) {
			this.observation = observation;
			this.context = context;
		}

		// the layers below see this observation in their Reactor context and, while they subscribe,
		// as the current one (Micrometer Tracing prefers a thread's current span to a parent's)
		@Override
		public <T> Flux<T> callPublisher(Flux<T> call) {
			return ScopedCall.of(call, this)
				.contextWrite((context) -> context.put(ObservationThreadLocalAccessor.KEY, this.observation));
		}

		@Override
		public void waitedForCapacity(String model, ClaudeRequest.Priority lane, Duration waited) {
			this.context.waited(waited);
			if (waited.compareTo(NOTABLE_WAIT) < 0) {
				return;
			}
			event(LIMITER_WAIT, String.format(Locale.ROOT, "waited %.3f s for capacity (%s, %s lane)",
					waited.toNanos() / 1e9, model, lane.name().toLowerCase(Locale.ROOT)));
		}

		@Override
		public void retrying(String model, String reason) {
			this.context.retried();
			this.attempt++;
			event(RETRY, "retry after " + reason + ": attempt " + this.attempt + " of " + model);
		}

		@Override
		public void fallingBack(String from, String to) {
			this.attempt = 1;
			event(FALLBACK, "fallback from " + from + " to " + to);
		}

		@Override
		public void callAnswered(ClaudeResponse response) {
			this.context.setResponse(response);
		}

		@Override
		public void callFailed(Throwable failure, FailureClass failureClass) {
			this.context.setFailureClass(failureClass);
			this.observation.error(failure);
		}

		@Override
		public void callEnded(String requestedModel, String answeredModel, Outcome outcome, Duration duration,
				Usage usage) {
			if (outcome == Outcome.CACHE_HIT) {
				event(CACHE_HIT, "answered from the cache");
			}
			else if (outcome == Outcome.STALE) {
				event(CACHE_STALE, "stale answer from the cache: the API could not answer");
			}
			this.context.setEnded(outcome, usage);
			stop();
		}

		// after the end, or instead of it when the caller cancelled first
		private void cancelled() {
			if (this.open.get()) {
				this.context.setCancelled();
				event(CANCELLED, "cancelled by the caller");
				stop();
			}
		}

		private void event(String name, String contextualName) {
			this.observation.event(Observation.Event.of(name, contextualName));
		}

		private void stop() {
			if (this.open.compareAndSet(true, false)) {
				this.observation.stop();
			}
		}

	}

	/**
	 * What the caller subscribes to, inside the context that carries the observation: while it
	 * subscribes, the observation is the current one, and its first end (completion, error,
	 * cancellation) closes it if the call has not. One operator for the two, because every kind of
	 * operator on a call's path costs its code's cache misses on the caller's thread, cold after
	 * waiting for the previous answer.
	 */
	private static final class ScopedCall<T> extends FluxOperator<T, T> {

		private final ObservedCall call;

		ScopedCall(Flux<? extends T> source, ObservedCall call) {
			super(source);
			this.call = call;
		}

		// through the assembly hooks, as Reactor's own operators are
		static <T> Flux<T> of(Flux<T> source, ObservedCall call) {
			return onAssembly(new ScopedCall<>(source, call));
		}

		@Override
		public void subscribe(CoreSubscriber<? super T> actual) {
			try (Observation.Scope scope = this.call.observation.openScope()) {
				this.source.subscribe(new ScopedSubscriber<>(actual, this.call));
			}
		}

	}

	private static final class ScopedSubscriber<T> implements CoreSubscriber<T>, Subscription {

		private final CoreSubscriber<? super T> actual;

		private final ObservedCall call;

		private final AtomicBoolean ended = new AtomicBoolean();

		private Subscription upstream;

		ScopedSubscriber(CoreSubscriber<? super T> actual, ObservedCall call) {
			this.actual = actual;
			this.call = call;
		}

		@Override
		public Context currentContext() {
			return this.actual.currentContext();
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			if (Operators.validate(this.upstream, subscription)) {
				this.upstream = subscription;
				this.actual.onSubscribe(this);
			}
		}

		@Override
		public void onNext(T item) {
			this.actual.onNext(item);
		}

		@Override
		public void onError(Throwable failure) {
			try {
				this.actual.onError(failure);
			}
			finally {
				end();
			}
		}

		@Override
		public void onComplete() {
			try {
				this.actual.onComplete();
			}
			finally {
				end();
			}
		}

		@Override
		public void request(long n) {
			this.upstream.request(n);
		}

		@Override
		public void cancel() {
			this.upstream.cancel();
			end();
		}

		// as doFinally: once, and a failing handler is dropped (logged), never thrown at the
		// signal's sender
		private void end() {
			if (!this.ended.compareAndSet(false, true)) {
				return;
			}
			try {
				this.call.cancelled();
			}
			catch (Throwable ex) {
				Exceptions.throwIfFatal(ex);
				Operators.onErrorDropped(ex, currentContext());
			}
		}

	}

}
