package dev.clauderesilience.breaker;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import dev.clauderesilience.client.ClaudeFailureClassifier;


/**
 * One Resilience4j {@link CircuitBreaker} per model ({@code claude:<model>}), all configured like
 * the {@code claude} instance ({@code resilience4j.circuitbreaker.instances.claude.*}); models
 * beyond the first {@value #MAX_MODELS} share one ({@code claude:other}).
 * <p>
 * Only signs of an outage count as failures, as the {@link ClaudeFailureClassifier} says: 5xx,
 * 529, timeouts, broken connections and malformed answers (not a full local connection pool). A
 * 429 is our own quota, not an outage, and other 4xx are the request's fault; both are ignored.
 *
 * @since 0.1.0
 */
public final class ModelCircuitBreakers {

	/** The instance whose configuration every model's breaker copies. */
	public static final String TEMPLATE = "claude";

	private static final String PREFIX = "claude:";

	/** How many models get a breaker of their own; any further model shares {@code claude:other}. */
	public static final int MAX_MODELS = 32;

	private static final String OTHER = "other";

	private final java.util.Set<String> models = java.util.concurrent.ConcurrentHashMap.newKeySet();

	private final CircuitBreakerRegistry registry;

	private final CircuitBreakerConfig config;

	/**
	 * Breakers built from the registry's {@code claude} instance configuration.
	 * @param registry the application's registry
	 * @param clock the clock that times the open state
	 */
	public ModelCircuitBreakers(CircuitBreakerRegistry registry, Clock clock) {
		this(registry, clock, ClaudeFailureClassifier.DEFAULT);
	}

	/**
	 * Breakers built from the registry's {@code claude} instance configuration.
	 * @param registry the application's registry
	 * @param clock the clock that times the open state
	 * @param classifier which failures are signs of an outage
	 */
	public ModelCircuitBreakers(CircuitBreakerRegistry registry, Clock clock, ClaudeFailureClassifier classifier) {
		this.registry = registry;
		Predicate<Throwable> failure = (ex) -> classifier.classify(ex).breakerFailure();
		CircuitBreakerConfig template = registry.find(TEMPLATE)
			.map(CircuitBreaker::getCircuitBreakerConfig)
			.orElseGet(registry::getDefaultConfig);
		this.config = CircuitBreakerConfig.from(template)
			.recordException(failure)
			.ignoreException(Predicate.not(failure))
			.clock(clock)
			.build();
	}

	/**
	 * The breaker of a model, created on first use.
	 * @param model the model id
	 * @return its breaker
	 */
	public CircuitBreaker forModel(String model) {
		return this.registry.circuitBreaker(PREFIX + bounded(model), this.config);
	}

	// callers choose model names: their breakers (and health entries) must not grow without bound
	private String bounded(String model) {
		if (this.models.contains(model)) {
			return model;
		}
		synchronized (this.models) {
			if (this.models.size() < MAX_MODELS) {
				this.models.add(model);
				return model;
			}
		}
		return this.models.contains(model) ? model : OTHER;
	}

	/**
	 * Forgets every breaker's failures and state, as after a restart; for tests, through {@code ClaudeResilienceState.reset()}.
	 */
	public void reset() {
		this.registry.getAllCircuitBreakers()
			.stream()
			.filter((breaker) -> breaker.getName().startsWith(PREFIX))
			.forEach(CircuitBreaker::reset);
	}

	/**
	 * The state of every model's breaker created so far.
	 * @return model id to state
	 */
	public Map<String, CircuitBreaker.State> states() {
		return this.registry.getAllCircuitBreakers()
			.stream()
			.filter((breaker) -> breaker.getName().startsWith(PREFIX))
			.collect(Collectors.toMap((breaker) -> breaker.getName().substring(PREFIX.length()),
					CircuitBreaker::getState));
	}

	/**
	 * Turns Resilience4j's refusal into the starter's typed exception.
	 * @param model the model
	 * @return the mapping function
	 */
	public Function<CallNotPermittedException, ClaudeCircuitOpenException> refusal(String model) {
		Duration openFor = this.config.getWaitIntervalFunctionInOpenState().apply(1) > 0
				? Duration.ofMillis(this.config.getWaitIntervalFunctionInOpenState().apply(1)) : null;
		return (ex) -> new ClaudeCircuitOpenException(model, openFor, ex);
	}

}
