package dev.clauderesilience.autoconfigure.simulator;

import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

import dev.clauderesilience.autoconfigure.ClaudeResilienceState;
import dev.clauderesilience.test.ClaudeSimulator;

/**
 * After each test of a class annotated with {@link AutoConfigureClaudeSimulator}: resets the
 * simulator and everything the starter remembers.
 */
class ClaudeResilienceResetListener implements TestExecutionListener, Ordered {

	@Override
	public void afterTestMethod(TestContext testContext) {
		AutoConfigureClaudeSimulator annotation = MergedAnnotations
			.from(testContext.getTestClass(), SearchStrategy.TYPE_HIERARCHY)
			.get(AutoConfigureClaudeSimulator.class)
			.synthesize(org.springframework.core.annotation.MergedAnnotation::isPresent)
			.orElse(null);
		if (annotation == null || !annotation.resetAfterEachTest() || !testContext.hasApplicationContext()) {
			return;
		}
		ApplicationContext context = testContext.getApplicationContext();
		context.getBeanProvider(ClaudeSimulator.class).ifAvailable(ClaudeSimulator::reset);
		context.getBeanProvider(ClaudeResilienceState.class).ifAvailable(ClaudeResilienceState::reset);
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
