package dev.clauderesilience.docs;

/**
 * README.md's application on Spring MVC (Tomcat), with {@code spring-boot-starter-web} beside
 * the starter.
 */
class MvcApplicationSnippetTests extends ApplicationSnippetChecks {

	@Override
	WebStack stack() {
		return WebStack.MVC;
	}

}
