package dev.clauderesilience.docs;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.context.FilteredClassLoader;

/**
 * The web stack of a fresh application, and the classpath it sees: this module has both stacks
 * on its classpath, as an MVC application with the starter has, so a WebFlux application gets
 * the servlet stack hidden and runs on Reactor Netty, as it would with the starter alone.
 */
enum WebStack {

	WEBFLUX(WebApplicationType.REACTIVE) {

		@Override
		ClassLoader classpath() {
			return new FilteredClassLoader("org.apache.catalina", "org.apache.tomcat", "org.apache.coyote",
					"org.springframework.web.servlet", "jakarta.servlet");
		}

	},

	MVC(WebApplicationType.SERVLET) {

		@Override
		ClassLoader classpath() {
			return WebStack.class.getClassLoader();
		}

	};

	private final WebApplicationType type;

	WebStack(WebApplicationType type) {
		this.type = type;
	}

	WebApplicationType type() {
		return this.type;
	}

	abstract ClassLoader classpath();

}
