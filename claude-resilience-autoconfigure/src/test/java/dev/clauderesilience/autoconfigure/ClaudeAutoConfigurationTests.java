package dev.clauderesilience.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.Mockito;

import org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.env.EnvironmentEndpointAutoConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.autoconfigure.web.reactive.function.client.WebClientAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.clauderesilience.client.AuthScheme;
import dev.clauderesilience.client.ClaudeApiKeyMissingException;
import dev.clauderesilience.client.ClaudeClient;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeResponse;
import dev.clauderesilience.client.ClaudeStreamEvent;
import dev.clauderesilience.client.ClaudeUnavailableException;
import dev.clauderesilience.breaker.ModelCircuitBreakers;
import dev.clauderesilience.cache.ClaudeResponseCache;
import dev.clauderesilience.client.ClaudeFailureClassifier;
import dev.clauderesilience.errors.AuthenticationGuard;
import dev.clauderesilience.errors.FailureHandler;
import dev.clauderesilience.fallback.FallbackChain;
import dev.clauderesilience.fallback.FallbackModelAdvisor;
import dev.clauderesilience.pipeline.ResilientClaudeClient;
import dev.clauderesilience.ratelimit.ClaudeRateLimiter;
import dev.clauderesilience.ratelimit.TokenEstimator;
import dev.clauderesilience.retry.ClaudeRetryPolicy;
import dev.clauderesilience.review.ReviewQueue;
import dev.clauderesilience.web.ClaudeProblemDetailsHandler;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@ExtendWith(OutputCaptureExtension.class)
class ClaudeAutoConfigurationTests {

	private static final String KEY = "sk-ant-api03-autoconfig-secret";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClaudeAutoConfiguration.class, WebClientAutoConfiguration.class))
		// an empty value hides a real ANTHROPIC_API_KEY of the machine running the tests
		.withPropertyValues("ANTHROPIC_API_KEY=");

	@Test
	void clientShouldBeCreatedWhenKeyIsSet() {
		this.runner.withPropertyValues("claude.api-key=" + KEY).run((context) -> {
			assertThat(context).hasSingleBean(ClaudeClient.class);
			assertThat(context).hasSingleBean(ClaudeProperties.class);
		});
	}

	@Test
	void propertiesShouldBindWithDefaults() {
		this.runner.withPropertyValues("claude.api-key=" + KEY).run((context) -> {
			ClaudeProperties properties = context.getBean(ClaudeProperties.class);
			assertThat(properties.getBaseUrl()).isEqualTo("https://api.anthropic.com");
			assertThat(properties.getApiVersion()).isEqualTo("2026-10-21");
			assertThat(properties.getAuthScheme()).isEqualTo(AuthScheme.X_API_KEY);
			assertThat(properties.getMaxTokens()).isEqualTo(1024);
			assertThat(properties.getTimeouts().getConnect()).hasSeconds(10);
		});
	}

	@Test
	void propertiesShouldBindWhenSet() {
		this.runner
			.withPropertyValues("claude.api-key=" + KEY, "claude.base-url=http://127.0.0.1:9", "claude.api-version=2023-06-01",
					"claude.auth-scheme=bearer", "claude.model=claude-haiku-4-5", "claude.max-tokens=50",
					"claude.timeouts.connect=2s", "claude.timeouts.response=500ms")
			.run((context) -> {
				ClaudeProperties properties = context.getBean(ClaudeProperties.class);
				assertThat(properties.getApiVersion()).isEqualTo("2023-06-01");
				assertThat(properties.getAuthScheme()).isEqualTo(AuthScheme.BEARER);
				assertThat(properties.getModel()).isEqualTo("claude-haiku-4-5");
				assertThat(properties.getMaxTokens()).isEqualTo(50);
				assertThat(properties.getTimeouts().getResponse()).hasMillis(500);
			});
	}

	@Test
	void keyShouldDefaultToTheEnvironmentVariable() {
		this.runner.withPropertyValues("ANTHROPIC_API_KEY=" + KEY)
			.run((context) -> assertThat(context).hasSingleBean(ClaudeClient.class));
	}

	@Test
	void clientShouldBackOffWhenUserDefinesOne() {
		this.runner.withUserConfiguration(UserClientConfiguration.class)
			.run((context) -> assertThat(context.getBean(ClaudeClient.class))
				.isSameAs(context.getBean(UserClientConfiguration.class).client));
	}

	static Stream<Class<?>> replaceableBeans() {
		return Stream.of(ClaudeFailureClassifier.class, ClaudeRetryPolicy.class, ClaudeRateLimiter.class,
				ModelCircuitBreakers.class, FallbackModelAdvisor.class, FallbackChain.class, FailureHandler.class,
				ReviewQueue.class, AuthenticationGuard.class, ClaudeResponseCache.class, TokenEstimator.class,
				ResilientClaudeClient.Parts.class, ClaudeResilienceState.class);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("replaceableBeans")
	<T> void everyPartShouldBackOffWhenTheApplicationDefinesOne(Class<T> type) {
		T own = Mockito.mock(type);
		this.runner.withPropertyValues("claude.api-key=" + KEY)
			.withBean("application" + type.getSimpleName(), type, () -> own)
			.run((context) -> {
				assertThat(context).hasSingleBean(type);
				assertThat(context.getBean(type)).isSameAs(own);
			});
	}

	@Test
	void missingKeyShouldStartWithAWarningAndFailEveryCallAtOnceWithoutSending(CapturedOutput output) {
		this.runner.withPropertyValues("claude.base-url=http://127.0.0.1:9").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).contains("WARN").contains("No Claude API key is configured");
			Throwable failure = catchThrowable(() -> context.getBean(ClaudeClient.class)
				.send(ClaudeRequest.of("claude-sonnet-4-5", 10, "Hi"))
				.block(Duration.ofSeconds(5)));
			assertThat(failure).isInstanceOf(ClaudeUnavailableException.class)
				.hasCauseInstanceOf(ClaudeApiKeyMissingException.class);
			assertThat(context.getBean(AuthenticationGuard.class).isKeyMissing()).isTrue();
		});
	}

	@Test
	void everyInvalidPropertyShouldBeReportedAtOnce() {
		this.runner
			.withPropertyValues("claude.api-key=" + KEY, "claude.timeouts.connect=-1s", "claude.max-tokens=0",
					"claude.limits.requests-per-minute=-5")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("3 invalid properties")
					.contains("claude.timeouts.connect")
					.contains("claude.max-tokens")
					.contains("claude.limits.requests-per-minute");
				assertThat(analysis.getAction().lines()).hasSize(3);
			});
	}

	@Test
	void negativeTimeoutShouldFailNamingTheProperty() {
		this.runner.withPropertyValues("claude.api-key=" + KEY, "claude.timeouts.connect=-1s")
			.run((context) -> assertThat(analyze(context.getStartupFailure())).satisfies((analysis) -> {
				assertThat(analysis.getDescription()).contains("claude.timeouts.connect").contains("-1000ms");
				assertThat(analysis.getAction()).contains("positive duration");
			}));
	}

	@Test
	void nonHttpBaseUrlShouldFailNamingTheProperty() {
		this.runner.withPropertyValues("claude.api-key=" + KEY, "claude.base-url=ftp://api.anthropic.com")
			.run((context) -> assertThat(analyze(context.getStartupFailure()).getDescription())
				.contains("claude.base-url")
				.contains("ftp://api.anthropic.com"));
	}

	@Test
	void unknownApiVersionShouldFailListingTheSupportedOnes() {
		this.runner.withPropertyValues("claude.api-key=" + KEY, "claude.api-version=2024-01-01")
			.run((context) -> assertThat(analyze(context.getStartupFailure())).satisfies((analysis) -> {
				assertThat(analysis.getDescription()).contains("claude.api-version");
				assertThat(analysis.getAction()).contains("2023-06-01").contains("2026-10-21");
			}));
	}

	@Test
	void failureMessagesShouldNeverShowTheKey() {
		this.runner.withPropertyValues("claude.api-key=" + KEY, "claude.max-tokens=0")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("claude.max-tokens").doesNotContain(KEY);
				assertThat(context.getStartupFailure()).hasStackTraceContaining("claude.max-tokens");
			});
	}

	@Test
	void redisStoreWithoutSpringDataRedisShouldFailNamingTheProperty() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
			.withPropertyValues("claude.api-key=" + KEY, "claude.limits.store=redis")
			.run((context) -> assertThat(analyze(context.getStartupFailure())).satisfies((analysis) -> {
				assertThat(analysis.getDescription()).contains("claude.limits.store");
				assertThat(analysis.getAction()).contains("spring-boot-starter-data-redis");
			}));
	}

	@Test
	void invalidLimitsShouldFailNamingTheProperty() {
		this.runner.withPropertyValues("claude.api-key=" + KEY, "claude.limits.models.claude-haiku-4-5.requests-per-minute=0")
			.run((context) -> assertThat(analyze(context.getStartupFailure()).getDescription())
				.contains("claude.limits.models.claude-haiku-4-5.requests-per-minute"));
		this.runner.withPropertyValues("claude.api-key=" + KEY, "claude.limits.redis.fallback-share=1.5")
			.run((context) -> assertThat(analyze(context.getStartupFailure()).getDescription())
				.contains("claude.limits.redis.fallback-share"));
		this.runner.withPropertyValues("claude.api-key=" + KEY, "claude.review.mask-patterns=[unclosed")
			.run((context) -> assertThat(analyze(context.getStartupFailure()).getDescription())
				.contains("claude.review.mask-patterns"));
	}

	@Test
	void actuatorShouldMaskTheKeyEvenWhenShowingValues() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ClaudeAutoConfiguration.class, WebClientAutoConfiguration.class))
			.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class,
					EnvironmentEndpointAutoConfiguration.class,
					ConfigurationPropertiesReportEndpointAutoConfiguration.class))
			.withPropertyValues("claude.api-key=" + KEY, "management.endpoint.env.show-values=always",
					"management.endpoint.configprops.show-values=always", "CLAUDE_OTHER=visible",
					"management.endpoints.web.exposure.include=env,configprops")
			.run((context) -> {
				EnvironmentEndpoint env = context.getBean(EnvironmentEndpoint.class);
				assertThat(env.environmentEntry("claude.api-key").getProperty().getValue()).isEqualTo("******");
				assertThat(String.valueOf(env.environmentEntry("CLAUDE_OTHER").getProperty().getValue()))
					.isEqualTo("visible");
				assertThat(env.environment(null).toString()).doesNotContain(KEY);
				ConfigurationPropertiesReportEndpoint configprops = context
					.getBean(ConfigurationPropertiesReportEndpoint.class);
				String report = new ObjectMapper().writeValueAsString(configprops.configurationProperties());
				assertThat(report).contains("\"apiKey\":\"******\"").contains("\"baseUrl\"").doesNotContain(KEY);
			});
	}

	@Test
	void actuatorShouldMaskAnyValueThatContainsTheKeyWhateverItsName() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ClaudeAutoConfiguration.class, WebClientAutoConfiguration.class))
			.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class,
					EnvironmentEndpointAutoConfiguration.class,
					ConfigurationPropertiesReportEndpointAutoConfiguration.class))
			.withUserConfiguration(ServerPropertiesConfiguration.class)
			.withPropertyValues("claude.api-key=" + KEY, "management.endpoint.env.show-values=always",
					"management.endpoint.configprops.show-values=always",
					"sun.java.command=app.jar --claude.api-key=" + KEY + " --server.port=8080",
					"app.upstream.header=x-api-key: " + KEY, "server.server-header=x-api-key: " + KEY,
					"server.servlet.application-display-name=nothing secret", "app.plain=nothing secret", "management.endpoints.web.exposure.include=env,configprops")
			.run((context) -> {
				EnvironmentEndpoint env = context.getBean(EnvironmentEndpoint.class);
				assertThat(env.environmentEntry("sun.java.command").getProperty().getValue()).isEqualTo("******");
				assertThat(env.environmentEntry("app.upstream.header").getProperty().getValue()).isEqualTo("******");
				assertThat(env.environmentEntry("app.plain").getProperty().getValue()).isEqualTo("nothing secret");
				assertThat(env.environment(null).toString()).doesNotContain(KEY);
				String report = new ObjectMapper().writeValueAsString(
						context.getBean(ConfigurationPropertiesReportEndpoint.class).configurationProperties());
				assertThat(report).contains("\"serverHeader\":\"******\"")
					.contains("\"applicationDisplayName\":\"nothing secret\"")
					.doesNotContain(KEY);
			});
	}

	// MVC takes every @RestControllerAdvice bean for its own: the reactive one, whose handler needs
	// a ServerWebExchange, would answer a 500 (docs-check runs the README's app on MVC end to end)
	@Test
	void problemDetailsOnSpringMvcShouldLeaveNoReactiveAdviceForMvcToTakeUp() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ClaudeAutoConfiguration.class, WebClientAutoConfiguration.class))
			.withPropertyValues("claude.api-key=" + KEY, "claude.web.problem-details.enabled=true")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ClaudeProblemDetailsHandler.class));
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ClaudeAutoConfiguration.class, WebClientAutoConfiguration.class))
			.withPropertyValues("claude.api-key=" + KEY, "claude.web.problem-details.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(ClaudeProblemDetailsHandler.class));
	}

	@Test
	void modelsOutsideTheAllowListShouldStopStartUpWhenConfiguredAsDefaultOrFallback() {
		this.runner
			.withPropertyValues("claude.api-key=" + KEY, "claude.models.allowed=claude-haiku-*",
					"claude.model=claude-sonnet-4-5")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("claude.models.allowed").contains("claude-sonnet-4-5");
			});
	}

	private static FailureAnalysis analyze(Throwable failure) {
		assertThat(failure).as("start-up failure").isNotNull();
		FailureAnalysis analysis = new ClaudePropertyFailureAnalyzer().analyze(failure);
		assertThat(analysis).as("analysis of " + failure).isNotNull();
		return analysis;
	}

	@Configuration(proxyBeanMethods = false)
	static class UserClientConfiguration {

		final ClaudeClient client = new ClaudeClient() {

			@Override
			public Mono<ClaudeResponse> send(ClaudeRequest request) {
				return Mono.empty();
			}

			@Override
			public Flux<ClaudeStreamEvent> stream(ClaudeRequest request) {
				return Flux.empty();
			}

			@Override
			public Mono<Integer> countTokens(ClaudeRequest request) {
				return Mono.just(0);
			}

		};

		@Bean
		ClaudeClient userClient() {
			return this.client;
		}

	}

	// an application's own @ConfigurationProperties, one of which happens to carry the key (a
	// type of Boot's: one declared here would be written into the test metadata)
	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ServerProperties.class)
	static class ServerPropertiesConfiguration {

	}

}
