package dev.clauderesilience.observation;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.junit.jupiter.api.Test;
import reactor.util.context.Context;

import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.observation.web.client.HttpClientObservationsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.tracing.MicrometerTracingAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.clauderesilience.autoconfigure.ClaudeObservabilityAutoConfiguration;
import dev.clauderesilience.autoconfigure.StarterContext;
import dev.clauderesilience.client.ClaudeClient;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeResponse;
import dev.clauderesilience.test.ClaudeSimulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configured client's observations on the Claude API simulator, with Spring Boot's
 * observation, tracing and metrics auto-configuration and a test tracer: each call is a span
 * between the caller's and the HTTP client's, with its retries and fallback as events; Boot's
 * meters of it; a convention bean of the application's; and no registry at all.
 */
class ClaudeObservationIntegrationTests {

	private static final String MODEL = "claude-sonnet-4-5";

	private static final String FALLBACK = "claude-haiku-4-5";

	private static final ClaudeRequest REQUEST = ClaudeRequest.of(MODEL, 64, "Say hello");

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static ApplicationContextRunner observed(ClaudeSimulator sim) {
		return StarterContext.on(sim, "claude.fallback-models=" + FALLBACK)
			.withConfiguration(AutoConfigurations.of(ClaudeObservabilityAutoConfiguration.class,
					ObservationAutoConfiguration.class, MicrometerTracingAutoConfiguration.class,
					HttpClientObservationsAutoConfiguration.class, MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.withBean(SimpleTracer.class, SimpleTracer::new);
	}

	@Test
	void reactiveCallerShouldSeeTheCallAsASpanOverItsHttpRequestsWithItsRetriesAndItsFallback() {
		try (ClaudeSimulator sim = ClaudeSimulator.builder().build().start()) {
			observed(sim).run((context) -> {
				ObservationRegistry registry = context.getBean(ObservationRegistry.class);
				SimpleTracer tracer = context.getBean(SimpleTracer.class);
				sim.outage(MODEL);
				Observation caller = Observation.start("checkout", registry);

				ClaudeResponse answer = context.getBean(ClaudeClient.class)
					.send(REQUEST)
					.contextWrite((reactor) -> reactor.put(ObservationThreadLocalAccessor.KEY, caller))
					.block(TIMEOUT);
				caller.stop();

				assertThat(answer.model()).isEqualTo(FALLBACK);
				SimpleSpan call = only(childrenOf(tracer, span(tracer, "checkout")));
				assertThat(call.getName()).isEqualTo("claude chat " + MODEL);
				assertThat(events(call)).filteredOn((event) -> !event.startsWith("waited"))
					.containsExactly("retry after overloaded_error: attempt 2 of " + MODEL,
						"retry after overloaded_error: attempt 3 of " + MODEL,
						"fallback from " + MODEL + " to " + FALLBACK);
				// three attempts of the model asked for, then one of the fallback model
				assertThat(childrenOf(tracer, call)).hasSize(4)
					.allSatisfy((http) -> assertThat(http.getName()).isEqualTo("http post"));
				assertThat(call.getTags()).containsEntry("gen_ai.response.model", FALLBACK)
					.containsEntry("claude.fallback_from", MODEL)
					.containsKey("gen_ai.response.id");

				// Spring Boot's meters of the observation and of its events
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.get("claude.client.operation")
					.tags("gen_ai.request.model", MODEL, "gen_ai.response.model", FALLBACK, "claude.outcome",
							"fallback", "error.type", "none")
					.timer()
					.count()).isEqualTo(1);
				assertThat(meters.get("claude.client.operation.retry").counter().count()).isEqualTo(2);
				assertThat(meters.get("claude.client.operation.fallback").counter().count()).isEqualTo(1);
			});
		}
	}

	@Test
	void blockingCallerShouldBeTheParentFromItsThread() {
		try (ClaudeSimulator sim = ClaudeSimulator.builder().build().start()) {
			observed(sim).run((context) -> {
				SimpleTracer tracer = context.getBean(SimpleTracer.class);
				Observation caller = Observation.start("checkout", context.getBean(ObservationRegistry.class));

				try (Observation.Scope scope = caller.openScope()) {
					context.getBean(ClaudeClient.class).send(REQUEST).block(TIMEOUT);
				}
				caller.stop();

				SimpleSpan call = only(childrenOf(tracer, span(tracer, "checkout")));
				assertThat(call.getTags()).containsEntry("gen_ai.response.model", MODEL)
					.containsEntry("claude.outcome", "success");
				assertThat(childrenOf(tracer, call)).hasSize(1);
			});
		}
	}

	@Test
	void conventionBeanOfTheApplicationShouldNameAndTagTheObservations() {
		try (ClaudeSimulator sim = ClaudeSimulator.builder().build().start()) {
			observed(sim).withBean(ClaudeObservationConvention.class, TeamConvention::new).run((context) -> {
				assertThat(context).hasSingleBean(ClaudeObservationConvention.class)
					.getBean(ClaudeObservationConvention.class)
					.isInstanceOf(TeamConvention.class);

				context.getBean(ClaudeClient.class).send(REQUEST).block(TIMEOUT);

				assertThat(context.getBean(MeterRegistry.class)
					.get("llm.call")
					.tags("team", "search", "gen_ai.request.model", MODEL)
					.timer()
					.count()).isEqualTo(1);
				assertThat(context.getBean(MeterRegistry.class).find("claude.client.operation").meters()).isEmpty();
				assertThat(span(context.getBean(SimpleTracer.class), "claude chat " + MODEL).getTags())
					.containsEntry("team", "search");
			});
		}
	}

	@Test
	void withoutAnObservationRegistryCallsShouldNotBeObserved() {
		try (ClaudeSimulator sim = ClaudeSimulator.builder().build().start()) {
			StarterContext.on(sim)
				.withConfiguration(AutoConfigurations.of(ClaudeObservabilityAutoConfiguration.class))
				.run((context) -> {
					assertThat(context).doesNotHaveBean(ObservationRegistry.class);
					ClaudeObservationObserver observer = context.getBean(ClaudeObservationObserver.class);
					assertThat(observer.callStarted(REQUEST, Context.empty())).isSameAs(observer);

					assertThat(context.getBean(ClaudeClient.class).send(REQUEST).block(TIMEOUT).model())
						.isEqualTo(MODEL);
				});
		}
	}

	static final class TeamConvention extends DefaultClaudeObservationConvention {

		@Override
		public String getName() {
			return "llm.call";
		}

		@Override
		public KeyValues getLowCardinalityKeyValues(ClaudeObservationContext context) {
			return super.getLowCardinalityKeyValues(context).and("team", "search");
		}

	}

	private static SimpleSpan span(SimpleTracer tracer, String name) {
		return tracer.getSpans().stream().filter((span) -> name.equals(span.getName())).findFirst().orElseThrow();
	}

	private static List<SimpleSpan> childrenOf(SimpleTracer tracer, SimpleSpan parent) {
		return tracer.getSpans().stream().filter((span) -> parent.getSpanId().equals(span.getParentId())).toList();
	}

	private static SimpleSpan only(List<SimpleSpan> spans) {
		assertThat(spans).hasSize(1);
		return spans.get(0);
	}

	private static List<String> events(SimpleSpan span) {
		return span.getEvents().stream().map(Map.Entry::getValue).toList();
	}

}
