package dev.clauderesilience.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;

import dev.clauderesilience.advisor.TierAdvisor;
import dev.clauderesilience.breaker.ModelCircuitBreakers;
import dev.clauderesilience.cache.ClaudeResponseCache;
import dev.clauderesilience.errors.AuthenticationGuard;
import dev.clauderesilience.health.OutcomeTracker;
import dev.clauderesilience.ratelimit.ClaudeRateLimiter;

/**
 * Everything the starter remembers between calls in this application: the limiter's buckets,
 * budgets and learned reservations, the breakers, a rejected key, the cached answers, which
 * model a fallback served, the advisor's usage. {@link #reset()} forgets all of it, as after a
 * restart, so that one test's outage, open breaker or spent budget cannot fail the next; the test
 * kit's {@code @AutoConfigureClaudeSimulator} calls it after every test. A shared store (Redis)
 * keeps its own state.
 *
 * @since 0.2.0
 */
public final class ClaudeResilienceState {

	private final ObjectProvider<ClaudeRateLimiter> limiter;

	private final ObjectProvider<ModelCircuitBreakers> breakers;

	private final ObjectProvider<AuthenticationGuard> authenticationGuard;

	private final ObjectProvider<ClaudeResponseCache> cache;

	private final ObjectProvider<OutcomeTracker> outcomes;

	private final ObjectProvider<TierAdvisor> advisor;

	ClaudeResilienceState(ObjectProvider<ClaudeRateLimiter> limiter, ObjectProvider<ModelCircuitBreakers> breakers,
			ObjectProvider<AuthenticationGuard> authenticationGuard, ObjectProvider<ClaudeResponseCache> cache,
			ObjectProvider<OutcomeTracker> outcomes, ObjectProvider<TierAdvisor> advisor) {
		this.limiter = limiter;
		this.breakers = breakers;
		this.authenticationGuard = authenticationGuard;
		this.cache = cache;
		this.outcomes = outcomes;
		this.advisor = advisor;
	}

	/**
	 * Forgets everything the starter remembers between calls.
	 */
	public void reset() {
		this.limiter.ifAvailable(ClaudeRateLimiter::reset);
		this.breakers.ifAvailable(ModelCircuitBreakers::reset);
		this.authenticationGuard.ifAvailable(AuthenticationGuard::reset);
		this.cache.ifAvailable(ClaudeResponseCache::reset);
		this.outcomes.ifAvailable(OutcomeTracker::reset);
		this.advisor.ifAvailable(TierAdvisor::reset);
	}

}
