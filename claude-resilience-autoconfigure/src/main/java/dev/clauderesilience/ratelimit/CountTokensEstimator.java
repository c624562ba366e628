package dev.clauderesilience.ratelimit;

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

	private final ClaudeClient http;

	private final LocalTokenEstimator fallback = new LocalTokenEstimator();

	/**
	 * An estimator on a plain HTTP client.
	 * @param http the client (not the resilient one: counting is not paced)
	 */
	public CountTokensEstimator(ClaudeClient http) {
		this.http = http;
	}

	@Override
	public Mono<Long> estimate(ClaudeRequest request) {
		return this.http.countTokens(request).map(Integer::longValue).onErrorResume((ex) -> {
			logger.debug("count_tokens failed, estimating locally: {}", LogSafe.text(ex.toString()));
			return this.fallback.estimate(request);
		});
	}

}
