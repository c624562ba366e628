package dev.clauderesilience.springai;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import reactor.core.publisher.Flux;

import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.observation.ChatModelObservationConvention;
import org.springframework.ai.chat.observation.ChatModelObservationDocumentation;
import org.springframework.ai.chat.observation.DefaultChatModelObservationConvention;

import dev.clauderesilience.observation.BoundedTagValues;

/**
 * Spring AI's chat model observation of the calls of a {@link ClaudeResilienceChatModel}, as
 * Spring AI's own models record it, with the model tags bounded unless the application gives a
 * convention of its own; the same on both Spring AI lines, whose models differ in how they build
 * the observation's context.
 */
final class ChatModelObservations {

	// as many model names as the starter's own observation keeps as tags
	private static final int MAX_MODELS = 32;

	// what a stream's observation shows when its caller cancelled it before the end
	private static final Observation.Event CANCELLED = Observation.Event.of("cancelled", "cancelled by the caller");

	private final ObservationRegistry registry;

	private final ChatModelObservationConvention convention;

	private final ChatModelObservationConvention defaultConvention = new BoundedModelsConvention();

	/**
	 * Observations on a registry.
	 * @param registry the registry, {@link ObservationRegistry#NOOP} for none
	 * @param convention the convention, or {@code null} for Spring AI's default
	 */
	ChatModelObservations(ObservationRegistry registry, ChatModelObservationConvention convention) {
		this.registry = registry;
		this.convention = convention;
	}

	boolean isNoop() {
		return this.registry.isNoop();
	}

	/**
	 * A call's observation, not started.
	 * @param context its context
	 * @return the observation
	 */
	Observation observation(ChatModelObservationContext context) {
		return ChatModelObservationDocumentation.CHAT_MODEL_OPERATION.observation(this.convention, this.defaultConvention,
				() -> context, this.registry);
	}

	/**
	 * A streamed call, observed: the observation is in the Reactor context of the pipeline, so that
	 * the client's own observation is its child, and the caller's observation is its parent.
	 * @param <T> the events
	 * @param events the call's events
	 * @param context the context, made when the stream is subscribed
	 * @param answered what to tell the context when the stream completes, before its end
	 * @return the events, observed
	 */
	<T> Flux<T> stream(Flux<T> events, Supplier<ChatModelObservationContext> context,
			Consumer<ChatModelObservationContext> answered) {
		if (isNoop()) {
			return events;
		}
		return Flux.deferContextual((caller) -> {
			ChatModelObservationContext observed = context.get();
			Observation observation = observation(observed);
			Observation parent = caller.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
			if (parent != null) {
				observation.parentObservation(parent);
			}
			observation.start();
			// stopped before the end reaches the caller, so that a caller who looks finds it ended;
			// once, though a cancel may race with the end
			AtomicBoolean open = new AtomicBoolean(true);
			return events.doOnComplete(() -> {
				if (open.compareAndSet(true, false)) {
					answered.accept(observed);
					observation.stop();
				}
			}).doOnError((ex) -> {
				if (open.compareAndSet(true, false)) {
					observation.error(ex);
					observation.stop();
				}
			}).doOnCancel(() -> {
				if (open.compareAndSet(true, false)) {
					observation.event(CANCELLED);
					observation.stop();
				}
			}).contextWrite((inner) -> inner.put(ObservationThreadLocalAccessor.KEY, observation));
		});
	}

	/**
	 * Spring AI's default convention with the model tags bounded, as the starter's own are: the
	 * model a caller names, or an answer reports, must not grow the meter registry.
	 */
	private static final class BoundedModelsConvention extends DefaultChatModelObservationConvention {

		private final BoundedTagValues models = new BoundedTagValues(MAX_MODELS);

		@Override
		protected KeyValue requestModel(ChatModelObservationContext context) {
			return bounded(super.requestModel(context));
		}

		@Override
		protected KeyValue responseModel(ChatModelObservationContext context) {
			return bounded(super.responseModel(context));
		}

		private KeyValue bounded(KeyValue model) {
			return BoundedTagValues.NONE.equals(model.getValue()) ? model
					: KeyValue.of(model.getKey(), this.models.model(model.getValue()));
		}

	}

}
