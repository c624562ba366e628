package dev.clauderesilience.autoconfigure.simulator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a Spring Boot test against the test kit's Claude API simulator: the simulator is started
 * on a free port of 127.0.0.1 for the test's application context (configured with
 * {@code claude.simulator.*}, injectable as {@code ClaudeSimulator}), the client is pointed at it,
 * retries wait milliseconds instead of seconds, and after every test the simulator (journal,
 * queued faults, outages) and everything the starter remembers
 * ({@code ClaudeResilienceState.reset()}: breakers, buckets, budgets, a rejected key, the cache)
 * are reset, so that no test's outage or open breaker leaks into the next. Needs
 * {@code dev.clauderesilience:claude-resilience-test} in test scope.
 *
 * @since 0.2.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface AutoConfigureClaudeSimulator {

	/**
	 * Whether retries wait milliseconds (3 attempts, 10 ms apart) rather than the production
	 * backoff of seconds, so that a test of a failure does not take a minute.
	 * @return {@code true} by default
	 */
	boolean fastRetries() default true;

	/**
	 * Whether the simulator and the starter's state are reset after every test method.
	 * @return {@code true} by default
	 */
	boolean resetAfterEachTest() default true;

}
