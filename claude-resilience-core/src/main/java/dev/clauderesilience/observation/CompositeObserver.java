package dev.clauderesilience.observation;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.util.context.ContextView;

import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeResponse;
import dev.clauderesilience.client.FailureClass;
import dev.clauderesilience.client.LogSafe;
import dev.clauderesilience.client.Usage;

/**
 * Tells several observers; one that throws is logged and does not stop the others, nor the call.
 *
 * @since 0.1.0
 */
public final class CompositeObserver implements ClaudeObserver {

	private static final Logger logger = LoggerFactory.getLogger(CompositeObserver.class);

	private final ClaudeObserver[] observers;

	private CompositeObserver(ClaudeObserver[] observers) {
		this.observers = observers;
	}

	/**
	 * An observer telling all of these.
	 * @param observers the observers
	 * @return the composite, or {@link ClaudeObserver#NONE} when there are none
	 */
	public static ClaudeObserver of(List<ClaudeObserver> observers) {
		return observers.isEmpty() ? NONE
				: (observers.size() == 1) ? observers.get(0)
						: new CompositeObserver(List.copyOf(observers).toArray(ClaudeObserver[]::new));
	}

	/**
	 * This composite itself while every observer returns itself (nothing is allocated per call),
	 * otherwise a composite of what each returned.
	 */
	@Override
	public ClaudeObserver callStarted(ClaudeRequest request, ContextView context) {
		// a copy only when some observer follows this call alone (every call starts here)
		ClaudeObserver[] calls = null;
		for (int i = 0; i < this.observers.length; i++) {
			ClaudeObserver observer = this.observers[i];
			ClaudeObserver call = observer;
			try {
				call = observer.callStarted(request, context);
			}
			catch (RuntimeException ex) {
				failed(ex);
			}
			if (call != observer) {
				if (calls == null) {
					calls = this.observers.clone();
				}
				calls[i] = call;
			}
		}
		return (calls != null) ? new CompositeObserver(calls) : this;
	}

	@Override
	public <T> Flux<T> callPublisher(Flux<T> call) {
		Flux<T> result = call;
		for (ClaudeObserver observer : this.observers) {
			try {
				result = observer.callPublisher(result);
			}
			catch (RuntimeException ex) {
				failed(ex);
			}
		}
		return result;
	}

	@Override
	public void callAnswered(ClaudeResponse response) {
		each((observer) -> observer.callAnswered(response));
	}

	@Override
	public void callFailed(Throwable failure, FailureClass failureClass) {
		each((observer) -> observer.callFailed(failure, failureClass));
	}

	@Override
	public void callEnded(String requestedModel, String answeredModel, Outcome outcome, Duration duration, Usage usage) {
		each((observer) -> observer.callEnded(requestedModel, answeredModel, outcome, duration, usage));
	}

	@Override
	public void retrying(String model, String reason) {
		each((observer) -> observer.retrying(model, reason));
	}

	@Override
	public void fallingBack(String from, String to) {
		each((observer) -> observer.fallingBack(from, to));
	}

	@Override
	public void tenantCharged(String tenant, Usage usage) {
		each((observer) -> observer.tenantCharged(tenant, usage));
	}

	@Override
	public void waitedForCapacity(String model, ClaudeRequest.Priority lane, Duration waited) {
		each((observer) -> observer.waitedForCapacity(model, lane, waited));
	}

	private void each(Consumer<ClaudeObserver> action) {
		for (ClaudeObserver observer : this.observers) {
			try {
				action.accept(observer);
			}
			catch (RuntimeException ex) {
				failed(ex);
			}
		}
	}

	private static void failed(RuntimeException ex) {
		logger.warn("A ClaudeObserver failed: {}", LogSafe.text(ex.toString()));
	}

}
