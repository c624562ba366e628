package dev.clauderesilience.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.common.retry.configuration.RetryConfigCustomizer;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot3.ratelimiter.autoconfigure.RateLimiterAutoConfiguration;
import io.github.resilience4j.springboot3.retry.autoconfigure.RetryAutoConfiguration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.cache.CacheAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.http.client.reactive.ClientHttpConnectorAutoConfiguration;
import org.springframework.boot.autoconfigure.web.reactive.function.client.WebClientAutoConfiguration;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorSettings;
import org.springframework.boot.http.client.reactive.ReactorClientHttpConnectorBuilder;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Configuration;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.cache.support.NoOpCache;
import org.springframework.http.ProblemDetail;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.web.filter.reactive.ServerWebExchangeContextFilter;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import dev.clauderesilience.advisor.TierAdvisor;
import dev.clauderesilience.autoconfigure.properties.LimitsProperties;
import dev.clauderesilience.autoconfigure.properties.ResponseCacheProperties;
import dev.clauderesilience.breaker.ModelCircuitBreakers;
import dev.clauderesilience.cache.ClaudeResponseCache;
import dev.clauderesilience.client.ApiVersion;
import dev.clauderesilience.client.ClaudeClient;
import dev.clauderesilience.client.ClaudeFailureClassifier;
import dev.clauderesilience.client.ModelAllowList;
import dev.clauderesilience.errors.AuthenticationGuard;
import dev.clauderesilience.errors.FailureHandler;
import dev.clauderesilience.fallback.DefaultFallbackModelAdvisor;
import dev.clauderesilience.fallback.FallbackChain;
import dev.clauderesilience.fallback.FallbackModelAdvisor;
import dev.clauderesilience.health.OutcomeTracker;
import dev.clauderesilience.observation.ClaudeObserver;
import dev.clauderesilience.observation.CompositeObserver;
import dev.clauderesilience.pipeline.ResilientClaudeClient;
import dev.clauderesilience.ratelimit.ClaudeRateLimiter;
import dev.clauderesilience.ratelimit.ClaudeTenantResolver;
import dev.clauderesilience.ratelimit.CountTokensEstimator;
import dev.clauderesilience.ratelimit.LimitStore;
import dev.clauderesilience.ratelimit.LocalTokenEstimator;
import dev.clauderesilience.ratelimit.TokenEstimator;
import dev.clauderesilience.ratelimit.redis.RedisLimitStore;
import dev.clauderesilience.retry.ClaudeRetryPolicy;
import dev.clauderesilience.review.InMemoryReviewQueue;
import dev.clauderesilience.review.InputAnonymizer;
import dev.clauderesilience.review.ReviewQueue;
import dev.clauderesilience.web.ClaudeProblemDetails;
import dev.clauderesilience.web.ClaudeProblemDetailsHandler;
import dev.clauderesilience.web.ClaudeServletProblemDetailsHandler;
import dev.clauderesilience.web.HeaderTenantResolver;

/**
 * Auto-configuration of the {@link ClaudeClient}: the WebClient-based HTTP client on the
 * application's {@link WebClient.Builder}, decorated with pacing, retry and per-model circuit
 * breakers from the application's Resilience4j registries.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { ClientHttpConnectorAutoConfiguration.class, WebClientAutoConfiguration.class,
		CacheAutoConfiguration.class,
		RetryAutoConfiguration.class, CircuitBreakerAutoConfiguration.class, RateLimiterAutoConfiguration.class },
		afterName = "org.springframework.boot.autoconfigure.data.redis.RedisReactiveAutoConfiguration")
@ConditionalOnClass({ WebClient.class, Retry.class })
@EnableConfigurationProperties(ClaudeProperties.class)
public class ClaudeAutoConfiguration {

	static final String API_KEY_ENVIRONMENT_VARIABLE = "ANTHROPIC_API_KEY";

	static final String RETRY_NAME = "claude";

	static final String CONNECTOR = "claudeClientHttpConnector";

	static final String CONNECTION_PROVIDER = "claudeConnectionProvider";

	private static final Duration MAX_NANOS = Duration.ofNanos(Long.MAX_VALUE);

	private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);

	private static final org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger(ClaudeAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean(name = "claudeClock")
	Clock claudeClock() {
		return Clock.systemUTC();
	}

	@Bean
	@ConditionalOnMissingBean
	ClaudeFailureClassifier claudeFailureClassifier() {
		return ClaudeFailureClassifier.DEFAULT;
	}

	@Bean
	@ConditionalOnMissingBean
	ClaudeRetryPolicy claudeRetryPolicy(ClaudeProperties properties, ClaudeFailureClassifier classifier) {
		return new ClaudeRetryPolicy(properties.getLimits().getMaxPause(), classifier);
	}

	@Bean
	@ConditionalOnMissingBean(name = "claudeRetryConfigCustomizer")
	RetryConfigCustomizer claudeRetryConfigCustomizer(ClaudeRetryPolicy retryPolicy) {
		// what is retried is the policy's decision; how long to wait stays with the properties
		Predicate<Throwable> retryable = retryPolicy::shouldRetry;
		return RetryConfigCustomizer.of(RETRY_NAME, (builder) -> builder.retryOnException(retryable));
	}

	@Bean
	@ConditionalOnMissingBean
	ClaudeRateLimiter claudeRateLimiter(ClaudeProperties properties, @Qualifier("claudeClock") Clock clock,
			ObjectProvider<RateLimiterRegistry> rateLimiterRegistry, ObjectProvider<LimitStore> limitStore,
			ClaudeFailureClassifier classifier) {
		LimitsProperties limits = properties.getLimits();
		RateLimiterRegistry registry = rateLimiterRegistry.getIfAvailable(RateLimiterRegistry::ofDefaults);
		if (limits.getStore() == LimitsProperties.Store.LOCAL) {
			return new ClaudeRateLimiter(limits.toLimiterSettings(), clock, registry, null, 1, classifier);
		}
		LimitStore store = limitStore.getIfAvailable();
		if (store == null) {
			throw new InvalidClaudePropertyException("claude.limits.store", "redis",
					"needs Spring Data Redis and a reactive Redis connection",
					"Add spring-boot-starter-data-redis to the application and set spring.data.redis.*, "
							+ "or set claude.limits.store=local.");
		}
		return new ClaudeRateLimiter(limits.toLimiterSettings(), clock, registry, store,
				limits.getRedis().effectiveFallbackShare(), classifier);
	}

	@Bean
	@ConditionalOnMissingBean
	ModelCircuitBreakers claudeCircuitBreakers(ObjectProvider<CircuitBreakerRegistry> circuitBreakerRegistry,
			@Qualifier("claudeClock") Clock clock, ClaudeFailureClassifier classifier) {
		return new ModelCircuitBreakers(circuitBreakerRegistry.getIfAvailable(CircuitBreakerRegistry::ofDefaults),
				clock, classifier);
	}

	@Bean
	@ConditionalOnMissingBean
	FallbackModelAdvisor claudeFallbackModelAdvisor(ClaudeFailureClassifier classifier) {
		return new DefaultFallbackModelAdvisor(classifier);
	}

	@Bean
	@ConditionalOnMissingBean
	FallbackChain claudeFallbackChain(ClaudeProperties properties, FallbackModelAdvisor advisor,
			ObjectProvider<ClaudeObserver> observers) {
		return new FallbackChain(properties.getFallbackModels(), advisor, observer(observers));
	}

	@Bean
	@ConditionalOnMissingBean
	FailureHandler claudeFailureHandler(ClaudeProperties properties, AuthenticationGuard authenticationGuard,
			ReviewQueue reviewQueue, ApplicationEventPublisher events, @Qualifier("claudeClock") Clock clock,
			ClaudeFailureClassifier classifier) {
		return new FailureHandler(authenticationGuard, reviewQueue,
				new InputAnonymizer(properties.getReview().getMaskPatterns()), events,
				properties.getLogging().getMaxTextLength(), clock, classifier);
	}

	@Bean
	@ConditionalOnMissingBean
	ReviewQueue claudeReviewQueue(ClaudeProperties properties) {
		return new InMemoryReviewQueue(properties.getReview().getCapacity());
	}

	@Bean
	@ConditionalOnMissingBean
	AuthenticationGuard claudeAuthenticationGuard(ClaudeProperties properties, @Qualifier("claudeClock") Clock clock,
			ApplicationEventPublisher events, Environment environment) {
		return new AuthenticationGuard(properties.getAuthFailureBackoff(), clock, events,
				apiKey(properties, environment) == null);
	}

	@Bean
	@ConditionalOnMissingBean
	ClaudeResponseCache claudeResponseCache(ClaudeProperties properties, ObjectProvider<CacheManager> cacheManager,
			@Qualifier("claudeClock") Clock clock, ClaudeFailureClassifier classifier) {
		ResponseCacheProperties settings = properties.getCache();
		CacheManager manager = settings.isEnabled() ? cacheManager.getIfAvailable() : null;
		Cache cache = (manager != null) ? manager.getCache(ClaudeResponseCache.CACHE_NAME) : null;
		ClaudeResponseCache.Mode mode = (cache != null) ? settings.getMode() : ClaudeResponseCache.Mode.OFF;
		return new ClaudeResponseCache((cache != null) ? cache : new NoOpCache(ClaudeResponseCache.CACHE_NAME), mode,
				settings.getTtl(), settings.getStaleTtl(), ApiVersion.of(properties.getApiVersion()), clock, classifier);
	}

	@Bean
	@ConditionalOnMissingBean
	TokenEstimator claudeTokenEstimator(ClaudeProperties properties, ObjectProvider<ClaudeClient> client) {
		return switch (properties.getLimits().getTokenEstimation()) {
			case LOCAL -> new LocalTokenEstimator();
			// count_tokens is not paced: asking the client does not wait for the estimate it needs
			case COUNT_TOKENS -> new CountTokensEstimator((request) -> client.getObject().countTokens(request));
		};
	}

	/**
	 * The layers of the pipeline, each its own replaceable bean.
	 */
	@Bean
	@ConditionalOnMissingBean
	ResilientClaudeClient.Parts claudePipelineParts(ClaudeResponseCache responseCache, FallbackChain fallbackChain,
			ObjectProvider<RetryRegistry> retryRegistry, ClaudeRetryPolicy retryPolicy,
			ModelCircuitBreakers circuitBreakers, ClaudeRateLimiter rateLimiter, TokenEstimator tokenEstimator,
			AuthenticationGuard authenticationGuard, FailureHandler failureHandler,
			ObjectProvider<ClaudeObserver> observers, ObjectProvider<ClaudeTenantResolver> tenantResolver,
			ClaudeFailureClassifier classifier) {
		return new ResilientClaudeClient.Parts(responseCache, fallbackChain,
				retryRegistry.getIfAvailable(RetryRegistry::ofDefaults).retry(RETRY_NAME), retryPolicy, circuitBreakers,
				rateLimiter, tokenEstimator, authenticationGuard, failureHandler, observer(observers),
				tenantResolver.getIfAvailable(() -> ClaudeTenantResolver.NONE), classifier);
	}

	/**
	 * The connection pool of the Claude client's own connector, closed with the context.
	 */
	@Bean(destroyMethod = "dispose", defaultCandidate = false)
	@ConditionalOnMissingBean(name = CONNECTION_PROVIDER)
	ConnectionProvider claudeConnectionProvider(ClaudeProperties properties) {
		return ConnectionProvider.builder("claude-resilience")
			.maxConnections(properties.getConnectionPool().getMaxConnections())
			.pendingAcquireMaxCount(properties.getConnectionPool().getMaxPendingAcquires())
			.build();
	}

	/**
	 * The connector the Claude client sends with, from the application's own
	 * {@link ClientHttpConnectorBuilder} (its {@code ReactorNettyHttpClientMapper}s, proxy and
	 * resources apply) with the {@code claude.timeouts.*}, the {@code claude.ssl.bundle} and, on
	 * Reactor Netty, the {@code claude.connection-pool.*}. Injected only where it is asked for by
	 * name, so that it never stands in for the application's own connector.
	 */
	@Bean(defaultCandidate = false)
	@ConditionalOnMissingBean(name = CONNECTOR)
	ClientHttpConnector claudeClientHttpConnector(ClaudeProperties properties,
			ObjectProvider<ClientHttpConnectorBuilder<?>> connectorBuilder,
			ObjectProvider<ClientHttpConnectorSettings> connectorSettings, ObjectProvider<SslBundles> sslBundles,
			@Qualifier(CONNECTION_PROVIDER) ObjectProvider<ConnectionProvider> pool) {
		ClientHttpConnectorSettings settings = connectorSettings.getIfAvailable(ClientHttpConnectorSettings::defaults)
			.withTimeouts(atMost(properties.getTimeouts().getConnect(), MAX_CONNECT_TIMEOUT),
					atMost(properties.getTimeouts().getResponse(), MAX_NANOS));
		String bundle = properties.getSsl().getBundle();
		if (bundle != null && !bundle.isBlank()) {
			settings = settings.withSslBundle(sslBundle(bundle.trim(), sslBundles.getIfAvailable()));
		}
		ClientHttpConnectorBuilder<?> builder = connectorBuilder.getIfAvailable(ClientHttpConnectorBuilder::detect);
		ConnectionProvider connections = pool.getIfAvailable();
		if (builder instanceof ReactorClientHttpConnectorBuilder reactor && connections != null) {
			// the application's mappers stay: only where connections come from changes
			builder = reactor.withHttpClientFactory(() -> HttpClient.create(connections));
		}
		return builder.build(settings);
	}

	private static SslBundle sslBundle(String name, SslBundles bundles) {
		try {
			if (bundles == null) {
				throw new NoSuchSslBundleException(name, "no SSL bundles are configured");
			}
			return bundles.getBundle(name);
		}
		catch (NoSuchSslBundleException ex) {
			throw new InvalidClaudePropertyException("claude.ssl.bundle", name, "names no SSL bundle",
					"Define it under spring.ssl.bundle.jks." + name + " or spring.ssl.bundle.pem." + name
							+ ", or unset claude.ssl.bundle for the JVM's default trust.");
		}
	}

	@Bean
	@ConditionalOnMissingBean
	ClaudeClient claudeClient(ClaudeProperties properties, ObjectProvider<WebClient.Builder> webClientBuilder,
			@Qualifier(CONNECTOR) ClientHttpConnector connector, Environment environment,
			ResilientClaudeClient.Parts parts, @Qualifier("claudeClock") Clock clock) {
		ApiVersion apiVersion = ApiVersion.of(properties.getApiVersion());
		ResilientClaudeClient.Settings settings = new ResilientClaudeClient.Settings(apiVersion, properties.getModel(),
				properties.getMaxTokens(), properties.getDeadline(), properties.getMessages().getUnavailable(),
				properties.getLimits().getMaxPause(), ModelAllowList.of(properties.getModels().getAllowed()));
		return new ResilientClaudeClient(httpClient(properties, webClientBuilder, connector, environment, clock),
				settings, parts, clock);
	}

	// the plain HTTP client under the pipeline
	private static ClaudeClient httpClient(ClaudeProperties properties,
			ObjectProvider<WebClient.Builder> webClientBuilder, ClientHttpConnector connector, Environment environment,
			Clock clock) {
		String apiKey = apiKey(properties, environment);
		if (apiKey == null) {
			return withoutApiKey();
		}
		return ClaudeClient.builder()
			.webClientBuilder(webClientBuilder.getIfAvailable(WebClient::builder))
			.baseUrl(properties.getBaseUrl().trim())
			.apiKey(apiKey)
			.apiVersion(ApiVersion.of(properties.getApiVersion()))
			.authScheme(properties.getAuthScheme())
			.defaultModel(properties.getModel())
			.defaultMaxTokens(properties.getMaxTokens())
			.connector(connector)
			.maxResponseSize((int) properties.getMaxResponseSize().toBytes())
			.clock(clock)
			.build();
	}

	private static ClaudeObserver observer(ObjectProvider<ClaudeObserver> observers) {
		return CompositeObserver.of(observers.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	ClaudeResilienceState claudeResilienceState(ObjectProvider<ClaudeRateLimiter> limiter,
			ObjectProvider<ModelCircuitBreakers> breakers, ObjectProvider<AuthenticationGuard> authenticationGuard,
			ObjectProvider<ClaudeResponseCache> cache, ObjectProvider<OutcomeTracker> outcomes,
			ObjectProvider<TierAdvisor> advisor) {
		return new ClaudeResilienceState(limiter, breakers, authenticationGuard, cache, outcomes, advisor);
	}

	// the key, or null when none is configured
	static String apiKey(ClaudeProperties properties, Environment environment) {
		String key = properties.getApiKey();
		if (key == null || key.isBlank()) {
			key = environment.getProperty(API_KEY_ENVIRONMENT_VARIABLE);
		}
		return (key == null || key.isBlank()) ? null : key.trim();
	}

	// an application without a key starts (health says why it is DOWN) but never calls the API
	private static ClaudeClient withoutApiKey() {
		logger.warn("No Claude API key is configured (claude.api-key or ANTHROPIC_API_KEY): every Claude call fails "
				+ "at once and health is DOWN. For local runs without a key, add claude-resilience-test and set "
				+ "claude.simulator.enabled=true.");
		return ClaudeClient.withoutApiKey();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "claude.limits.tenant-header")
	static class TenantHeaderConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ClaudeTenantResolver claudeTenantResolver(ClaudeProperties properties) {
			return new HeaderTenantResolver(properties.getLimits().getTenantHeader().trim());
		}

		// puts the exchange into the Reactor context, where the resolver finds the header
		@Bean
		@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
		@ConditionalOnMissingBean
		ServerWebExchangeContextFilter claudeServerWebExchangeContextFilter() {
			return new ServerWebExchangeContextFilter();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Caffeine.class, CaffeineCacheManager.class })
	@ConditionalOnMissingBean(CacheManager.class)
	@ConditionalOnProperty(name = "claude.cache.enabled", matchIfMissing = true)
	static class ResponseCacheManagerConfiguration {

		// Only when the application has no CacheManager of its own; otherwise its cache is used
		@Bean
		CaffeineCacheManager claudeCacheManager(ClaudeProperties properties, @Qualifier("claudeClock") Clock clock) {
			ResponseCacheProperties settings = properties.getCache();
			CaffeineCacheManager manager = new CaffeineCacheManager(ClaudeResponseCache.CACHE_NAME);
			manager.setCaffeine(Caffeine.newBuilder()
				.expireAfterWrite(atMost(settings.getTtl(), MAX_NANOS).plus(atMost(settings.getStaleTtl(), MAX_NANOS)))
				.maximumSize(settings.getMaxEntries())
				.ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
				.recordStats());
			return manager;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.data.redis.core.ReactiveStringRedisTemplate")
	@ConditionalOnProperty(name = "claude.limits.store", havingValue = "redis")
	static class RedisLimitStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(ReactiveStringRedisTemplate.class)
		LimitStore claudeLimitStore(ReactiveStringRedisTemplate redis, ClaudeProperties properties,
				@Qualifier("claudeClock") Clock clock) {
			LimitsProperties.Redis settings = properties.getLimits().getRedis();
			return new RedisLimitStore(redis, settings.getKeyPrefix(), settings.getTimeout(), settings.getRetryInterval(),
					clock);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication
	@ConditionalOnClass(ProblemDetail.class)
	@ConditionalOnProperty(name = "claude.web.problem-details.enabled", havingValue = "true")
	static class ProblemDetailsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ClaudeProblemDetails claudeProblemDetails(ClaudeProperties properties, ClaudeFailureClassifier classifier) {
			return new ClaudeProblemDetails(properties.getWeb().getProblemDetails().getDefaultRetryAfter(), classifier);
		}

		// one advice per stack: MVC would take the reactive one for its own and fail on its
		// ServerWebExchange parameter (a 500 instead of a 503)
		@Bean
		@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
		@ConditionalOnMissingBean
		ClaudeProblemDetailsHandler claudeProblemDetailsHandler(ClaudeProblemDetails problems) {
			return new ClaudeProblemDetailsHandler(problems);
		}

		@Bean
		@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
		@ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
		@ConditionalOnMissingBean
		ClaudeServletProblemDetailsHandler claudeServletProblemDetailsHandler(ClaudeProblemDetails problems) {
			return new ClaudeServletProblemDetailsHandler(problems);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SanitizingFunction.class)
	static class ApiKeySanitizingConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "claudeApiKeySanitizingFunction")
		SanitizingFunction claudeApiKeySanitizingFunction(Environment environment) {
			return new ApiKeySanitizingFunction(() -> {
				String key = environment.getProperty("claude.api-key");
				return (key != null && !key.isBlank()) ? key.trim()
						: environment.getProperty(API_KEY_ENVIRONMENT_VARIABLE);
			});
		}

	}

	// A duration property of any length is a long one, never an overflow: Netty takes the connect
	// timeout as int milliseconds, Reactor and Caffeine count in long nanoseconds (about 292 years)
	static Duration atMost(Duration duration, Duration most) {
		return (duration.compareTo(most) > 0) ? most : duration;
	}

}
