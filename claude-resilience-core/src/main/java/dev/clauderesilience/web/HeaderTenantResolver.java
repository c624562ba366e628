package dev.clauderesilience.web;

import reactor.core.publisher.Mono;

import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.filter.reactive.ServerWebExchangeContextFilter;

import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.ratelimit.ClaudeTenantResolver;

/**
 * Takes a call's tenant from a header of the web request it serves ({@code claude.limits.tenant-header}),
 * on WebFlux (the exchange in the Reactor context, put there by
 * {@link ServerWebExchangeContextFilter}) and on Spring MVC (the request bound to the thread that
 * subscribes). Only use a header a trusted gateway sets: whoever sets it picks the budget.
 *
 * @since 0.2.0
 */
public final class HeaderTenantResolver implements ClaudeTenantResolver {

	private static final int MAX_LENGTH = 128;

	private final String header;

	/**
	 * A resolver.
	 * @param header the header's name, e.g. {@code X-Tenant-Id}
	 */
	public HeaderTenantResolver(String header) {
		this.header = header;
	}

	@Override
	public Mono<String> resolve(ClaudeRequest request) {
		return Mono.deferContextual((context) -> {
			String value = ServerWebExchangeContextFilter.getExchange(context)
				.map((exchange) -> exchange.getRequest().getHeaders().getFirst(this.header))
				.orElseGet(this::servletHeader);
			return Mono.justOrEmpty(usable(value));
		});
	}

	private String servletHeader() {
		return SERVLET ? Servlet.header(this.header) : null;
	}

	// a tenant id is a key of budgets and logs: short, printable, or not taken
	private static String usable(String value) {
		if (!StringUtils.hasText(value)) {
			return null;
		}
		String trimmed = value.trim();
		return (trimmed.length() <= MAX_LENGTH && trimmed.chars().noneMatch(Character::isISOControl)) ? trimmed : null;
	}

	private static final boolean SERVLET = ClassUtils.isPresent("jakarta.servlet.http.HttpServletRequest",
			HeaderTenantResolver.class.getClassLoader());

	// apart, so that a reactive application without the servlet API never loads it
	private static final class Servlet {

		static String header(String name) {
			RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
			return (attributes instanceof ServletRequestAttributes servlet) ? servlet.getRequest().getHeader(name) : null;
		}

	}

}
