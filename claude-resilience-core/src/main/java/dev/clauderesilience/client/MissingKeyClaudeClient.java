package dev.clauderesilience.client;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The client of an application without an API key: every call fails at once, so that nothing
 * ever reaches the API unauthenticated.
 */
final class MissingKeyClaudeClient implements ClaudeClient {

	@Override
	public Mono<ClaudeResponse> send(ClaudeRequest request) {
		return Mono.error(ClaudeApiKeyMissingException::new);
	}

	@Override
	public Flux<ClaudeStreamEvent> stream(ClaudeRequest request) {
		return Flux.error(ClaudeApiKeyMissingException::new);
	}

	@Override
	public Mono<Integer> countTokens(ClaudeRequest request) {
		return Mono.error(ClaudeApiKeyMissingException::new);
	}

}
