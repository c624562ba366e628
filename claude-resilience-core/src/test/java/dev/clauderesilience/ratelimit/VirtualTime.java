package dev.clauderesilience.ratelimit;

import java.time.Duration;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Reactor's virtual time for each test ({@code @RegisterExtension}), real time again after it:
 * timers, delays and a {@link VirtualClock} move only when the test advances them.
 */
public final class VirtualTime implements BeforeEachCallback, AfterEachCallback {

	private VirtualTimeScheduler scheduler;

	@Override
	public void beforeEach(ExtensionContext context) {
		this.scheduler = VirtualTimeScheduler.getOrSet();
	}

	@Override
	public void afterEach(ExtensionContext context) {
		VirtualTimeScheduler.reset();
	}

	/**
	 * Moves time on, running every timer due meanwhile.
	 * @param duration how far
	 */
	public void advance(Duration duration) {
		this.scheduler.advanceTimeBy(duration);
	}

}
