package dev.clauderesilience.ratelimit;

import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import dev.clauderesilience.client.LogSafe;
import dev.clauderesilience.client.ClaudeClient;
import dev.clauderesilience.client.ClaudeRequest;

/**
 * Asks the API's count_tokens endpoint (free, separately rate limited); when that fails, falls
 * back to a local estimate rather than failing the call.
 *
 * @since 0.1.0
 */
public final class CountTokensEstimator implements TokenEstimator {

	private static final Logger logger = LoggerFactory.getLogger(CountTokensEstimator.class);

	private final Function<ClaudeRequest, Mono<Integer>> counter;

	private final LocalTokenEstimator fallback = new LocalTokenEstimator();

	/**
	 * An estimator on a plain HTTP client.
	 * @param http the client whose count_tokens is asked (neither client paces counting)
	 */
	public CountTokensEstimator(ClaudeClient http) {
		this(http::countTokens);
	}

	/**
	 * An estimator asking a counter, the client's {@code countTokens} looked up when first
	 * needed, say.
	 * @param counter counts a request's input tokens
	 * @since 0.2.0
	 */
	public CountTokensEstimator(Function<ClaudeRequest, Mono<Integer>> counter) {
		this.counter = counter;
	}

	@Override
	public Mono<Long> estimate(ClaudeRequest request) {
		return Mono.defer(() -> this.counter.apply(request)).map(Integer::longValue).onErrorResume((ex) -> {
			logger.debug("count_tokens failed, estimating locally: {}", LogSafe.text(ex.toString()));
			return this.fallback.estimate(request);
		});
	}

}
