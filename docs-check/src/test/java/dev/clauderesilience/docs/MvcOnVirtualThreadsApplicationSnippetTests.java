package dev.clauderesilience.docs;

import org.apache.catalina.connector.Connector;
import org.apache.tomcat.util.threads.VirtualThreadExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README.md's application on Spring MVC with {@code spring.threads.virtual.enabled=true}, the
 * home the README suggests for blocking code on Java 21+.
 */
@EnabledForJreRange(min = JRE.JAVA_21)
class MvcOnVirtualThreadsApplicationSnippetTests extends ApplicationSnippetChecks {

	@Override
	WebStack stack() {
		return WebStack.MVC;
	}

	@Override
	String[] properties() {
		return new String[] { "spring.threads.virtual.enabled=true" };
	}

	@Test
	void requestsShouldBeServedOnVirtualThreads() {
		TomcatWebServer server = (TomcatWebServer) ((ServletWebServerApplicationContext) application().context())
			.getWebServer();
		Connector connector = server.getTomcat().getConnector();

		assertThat(connector.getProtocolHandler().getExecutor()).isInstanceOf(VirtualThreadExecutor.class);
	}

}
