package dev.clauderesilience.sample;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

import dev.clauderesilience.test.ClaudeSimulator;

/**
 * Stops the embedded simulator when its own context closes (not a child's).
 */
final class SimulatorShutdown implements ApplicationListener<ContextClosedEvent> {

	private final ApplicationContext context;

	private final ClaudeSimulator simulator;

	SimulatorShutdown(ApplicationContext context, ClaudeSimulator simulator) {
		this.context = context;
		this.simulator = simulator;
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		if (event.getApplicationContext() == this.context) {
			this.simulator.stop();
		}
	}

}
