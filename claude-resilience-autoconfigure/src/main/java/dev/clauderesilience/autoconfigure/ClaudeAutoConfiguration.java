package dev.clauderesilience.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.web.reactive.function.client.WebClientAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.client.WebClient;

import dev.clauderesilience.client.ApiVersion;
import dev.clauderesilience.client.ClaudeClient;

/**
 * Auto-configuration of the {@link ClaudeClient} on the application's {@link WebClient.Builder}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = WebClientAutoConfiguration.class)
@ConditionalOnClass(WebClient.class)
@EnableConfigurationProperties(ClaudeProperties.class)
public class ClaudeAutoConfiguration {

	static final String API_KEY_ENVIRONMENT_VARIABLE = "ANTHROPIC_API_KEY";

	@Bean
	@ConditionalOnMissingBean
	ClaudeClient claudeClient(ClaudeProperties properties, ObjectProvider<WebClient.Builder> webClientBuilder,
			Environment environment) {
		return ClaudeClient.builder()
			.webClientBuilder(webClientBuilder.getIfAvailable(WebClient::builder))
			.baseUrl(properties.getBaseUrl().trim())
			.apiKey(apiKey(properties, environment))
			.apiVersion(ApiVersion.of(properties.getApiVersion()))
			.authScheme(properties.getAuthScheme())
			.defaultModel(properties.getModel())
			.defaultMaxTokens(properties.getMaxTokens())
			.connectTimeout(properties.getTimeouts().getConnect())
			.responseTimeout(properties.getTimeouts().getResponse())
			.build();
	}

	static String apiKey(ClaudeProperties properties, Environment environment) {
		String key = properties.getApiKey();
		if (key == null || key.isBlank()) {
			key = environment.getProperty(API_KEY_ENVIRONMENT_VARIABLE);
		}
		if (key == null || key.isBlank()) {
			throw new InvalidClaudePropertyException("claude.api-key", null, "is not set",
					"Set claude.api-key (or the " + API_KEY_ENVIRONMENT_VARIABLE
							+ " environment variable) to your Anthropic API key; in tests, point the client at the "
							+ "simulator of claude-resilience-test.");
		}
		return key.trim();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SanitizingFunction.class)
	static class ApiKeySanitizingConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "claudeApiKeySanitizingFunction")
		SanitizingFunction claudeApiKeySanitizingFunction() {
			return new ApiKeySanitizingFunction();
		}

	}

}
