package dev.clauderesilience.ratelimit;

import reactor.core.publisher.Mono;

import dev.clauderesilience.client.ClaudeRequest;

/**
 * Names the tenant of a call that names none ({@link ClaudeRequest#tenant()}): whose daily budget
 * it counts against and whose fair share of a binding limit it waits in. Define a bean of this
 * type to take the tenant from the security principal, say; it is asked when the call is
 * subscribed to, so a reactive implementation can read the Reactor context
 * ({@code Mono.deferContextual}) and a servlet one the request thread's state.
 *
 * @since 0.2.0
 */
@FunctionalInterface
public interface ClaudeTenantResolver {

	/** Calls without a tenant stay in the default tenant. */
	ClaudeTenantResolver NONE = (request) -> Mono.empty();

	/**
	 * The tenant of a call.
	 * @param request the request, which names no tenant
	 * @return the tenant id, or empty for the default tenant
	 */
	Mono<String> resolve(ClaudeRequest request);

}
