package dev.clauderesilience.observation;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.clauderesilience.client.LogSafe;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.Usage;

/**
 * Tells several observers; one that throws is logged and does not stop the others, nor the call.
 *
 * @since 0.1.0
 */
public final class CompositeObserver implements ClaudeObserver {

	private static final Logger logger = LoggerFactory.getLogger(CompositeObserver.class);

	private final List<ClaudeObserver> observers;

	private CompositeObserver(List<ClaudeObserver> observers) {
		this.observers = List.copyOf(observers);
	}

	/**
	 * An observer telling all of these.
	 * @param observers the observers
	 * @return the composite, or {@link ClaudeObserver#NONE} when there are none
	 */
	public static ClaudeObserver of(List<ClaudeObserver> observers) {
		return observers.isEmpty() ? NONE : (observers.size() == 1) ? observers.get(0) : new CompositeObserver(observers);
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

	private void each(java.util.function.Consumer<ClaudeObserver> action) {
		for (ClaudeObserver observer : this.observers) {
			try {
				action.accept(observer);
			}
			catch (RuntimeException ex) {
				logger.warn("A ClaudeObserver failed: {}", LogSafe.text(ex.toString()));
			}
		}
	}

}
