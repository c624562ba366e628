package dev.clauderesilience.docs;

/**
 * README.md's application on WebFlux (Reactor Netty), as with the starter alone.
 */
class WebFluxApplicationSnippetTests extends ApplicationSnippetChecks {

	@Override
	WebStack stack() {
		return WebStack.WEBFLUX;
	}

}
