package dev.clauderesilience.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.filter.reactive.ServerWebExchangeContextFilter;

import dev.clauderesilience.client.ClaudeRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tenant taken from a header of the web request a call serves, on Spring MVC and on WebFlux.
 */
class HeaderTenantResolverTests {

	private static final ClaudeRequest REQUEST = ClaudeRequest.of("claude-sonnet-4-5", 64, "Hi");

	private final HeaderTenantResolver resolver = new HeaderTenantResolver("X-Tenant-Id");

	@AfterEach
	void unbind() {
		RequestContextHolder.resetRequestAttributes();
	}

	@Test
	void onSpringMvcTheHeaderOfTheRequestBoundToTheThreadShouldNameTheTenant() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/chat");
		request.addHeader("X-Tenant-Id", " acme ");
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));

		assertThat(this.resolver.resolve(REQUEST).block()).isEqualTo("acme");
	}

	@Test
	void onSpringMvcARequestWithoutTheHeaderOrWithAnUnusableOneShouldNameNoTenant() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/chat");
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
		assertThat(this.resolver.resolve(REQUEST).block()).isNull();

		request.addHeader("X-Tenant-Id", "a".repeat(129));
		assertThat(this.resolver.resolve(REQUEST).block()).isNull();
		RequestContextHolder.resetRequestAttributes();
		assertThat(this.resolver.resolve(REQUEST).block()).as("outside a web request").isNull();
	}

	@Test
	void onWebFluxTheHeaderOfTheExchangeInTheContextShouldNameTheTenant() {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.post("/api/chat").header("X-Tenant-Id", "beta"));

		assertThat(this.resolver.resolve(REQUEST)
			.contextWrite((context) -> context.put(ServerWebExchangeContextFilter.EXCHANGE_CONTEXT_ATTRIBUTE, exchange))
			.block()).isEqualTo("beta");
	}

}
