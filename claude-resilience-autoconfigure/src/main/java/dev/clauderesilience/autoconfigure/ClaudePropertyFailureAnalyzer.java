package dev.clauderesilience.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Turns an {@link InvalidClaudePropertyException} into a start-up report that names the
 * property and the fix instead of a stack trace.
 */
class ClaudePropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidClaudePropertyException>
		implements Ordered {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidClaudePropertyException cause) {
		return new FailureAnalysis("Invalid Claude configuration: " + cause.getMessage(), cause.getAction(), cause);
	}

	@Override
	public int getOrder() {
		// ahead of Spring's generic bean-creation analyzers, which would describe the wrapper
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
