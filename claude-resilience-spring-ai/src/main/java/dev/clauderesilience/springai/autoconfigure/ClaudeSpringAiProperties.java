package dev.clauderesilience.springai.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.clauderesilience.client.ClaudeRequest;

/**
 * Configuration of the Spring AI chat model on the resilient Claude client
 * ({@code claude.spring-ai.*}). Its model and max tokens are {@code claude.model} and
 * {@code claude.max-tokens}; its retries, breakers, limits and fallback models are the client's.
 *
 * @since 0.2.0
 */
@ConfigurationProperties("claude.spring-ai")
public class ClaudeSpringAiProperties {

	/**
	 * Whether to register the Spring AI chat model (bean claudeResilienceChatModel) on the
	 * resilient Claude client.
	 */
	private boolean enabled = true;

	/**
	 * Lane that Spring AI calls wait in when a limit binds, unless their options name one.
	 */
	private ClaudeRequest.Priority priority = ClaudeRequest.Priority.INTERACTIVE;

	/**
	 * Whether answers to Spring AI calls may be served from and stored in the response cache
	 * (with claude.cache.mode=explicit), unless their options say otherwise.
	 */
	private boolean cacheable;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public ClaudeRequest.Priority getPriority() {
		return this.priority;
	}

	public void setPriority(ClaudeRequest.Priority priority) {
		this.priority = priority;
	}

	public boolean isCacheable() {
		return this.cacheable;
	}

	public void setCacheable(boolean cacheable) {
		this.cacheable = cacheable;
	}

}
