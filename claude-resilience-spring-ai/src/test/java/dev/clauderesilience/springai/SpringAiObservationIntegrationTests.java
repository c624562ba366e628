package dev.clauderesilience.springai;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.observation.ChatModelObservationConvention;
import org.springframework.ai.chat.observation.DefaultChatModelObservationConvention;
import org.springframework.ai.model.chat.client.autoconfigure.ChatClientAutoConfiguration;
import org.springframework.ai.model.chat.observation.autoconfigure.ChatObservationAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MeterRegistryCustomizer;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.observation.web.client.HttpClientObservationsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.tracing.MicrometerTracingAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.clauderesilience.autoconfigure.ClaudeObservabilityAutoConfiguration;
import dev.clauderesilience.client.ClaudeClient;
import dev.clauderesilience.client.ClaudeException;
import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeUnavailableException;
import dev.clauderesilience.test.ClaudeSimulator;
import dev.clauderesilience.test.ClaudeSimulatorExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Spring AI's observations and this starter's together, on the Claude API simulator: a
 * {@code ChatClient} call is Spring AI's chat client and chat model spans with the starter's call
 * span under them, and one Prometheus registry takes both libraries' meters without refusing one,
 * under names of their own.
 */
class SpringAiObservationIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String MODEL = "claude-sonnet-4-5";

	private static final String FALLBACK = "claude-haiku-4-5";

	@RegisterExtension
	static final ClaudeSimulatorExtension sim = ClaudeSimulatorExtension.create(ClaudeSimulator.builder());

	private final List<String> refused = new CopyOnWriteArrayList<>();

	private ApplicationContextRunner observed(String... properties) {
		return SpringAiContext.on(sim.simulator(), properties)
			.withConfiguration(AutoConfigurations.of(ClaudeObservabilityAutoConfiguration.class,
					ObservationAutoConfiguration.class, MicrometerTracingAutoConfiguration.class,
					HttpClientObservationsAutoConfiguration.class, MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, PrometheusMetricsExportAutoConfiguration.class,
					ChatObservationAutoConfiguration.class, ChatClientAutoConfiguration.class))
			.withBean(SimpleTracer.class, SimpleTracer::new)
			.withBean(MeterRegistryCustomizer.class, () -> (registry) -> registry.config()
				.onMeterRegistrationFailed((id, reason) -> this.refused.add(id.getName() + ": " + reason)));
	}

	@Test
	void chatClientCallShouldBeSpringAisSpansWithTheStartersCallAndItsHttpRequestUnderThem() {
		observed().run((context) -> {
			SimpleTracer tracer = context.getBean(SimpleTracer.class);

			String answer = context.getBean(ChatClient.Builder.class).build().prompt().user("Say hello").call().content();

			assertThat(answer).isNotBlank();
			// the chat client's span, its advisors' (Spring AI 2 adds its tool-calling advisor's), and
			// the chat model's
			SimpleSpan chatModel = named(tracer, "chat " + MODEL);
			SimpleSpan above = parentOf(tracer, chatModel);
			assertThat(above.getTags()).containsEntry("spring.ai.kind", "advisor");
			while ("advisor".equals(above.getTags().get("spring.ai.kind"))) {
				above = parentOf(tracer, above);
			}
			assertThat(above.getTags()).containsEntry("spring.ai.kind", "chat_client");
			assertThat(chatModel.getTags()).containsEntry("gen_ai.operation.name", "chat")
				.containsEntry("gen_ai.system", "anthropic")
				.containsEntry("gen_ai.request.model", MODEL)
				.containsEntry("gen_ai.response.model", MODEL);
			SimpleSpan call = only(childrenOf(tracer, chatModel));
			assertThat(call.getName()).isEqualTo("claude chat " + MODEL);
			assertThat(call.getTags()).containsEntry("gen_ai.provider.name", "anthropic");
			assertThat(only(childrenOf(tracer, call)).getName()).isEqualTo("http post");
		});
	}

	@Test
	void chatClientStreamShouldNestTheSameWay() {
		observed().run((context) -> {
			SimpleTracer tracer = context.getBean(SimpleTracer.class);

			List<String> text = context.getBean(ChatClient.Builder.class)
				.build()
				.prompt()
				.user("Say hello")
				.stream()
				.content()
				.collectList()
				.block(TIMEOUT);

			assertThat(text).isNotEmpty();
			SimpleSpan chatModel = named(tracer, "chat " + MODEL);
			SimpleSpan call = only(childrenOf(tracer, chatModel));
			assertThat(call.getName()).isEqualTo("claude chat " + MODEL);
			assertThat(call.getTags()).containsEntry("claude.outcome", "success");
			assertThat(chatModel.getTags()).containsKey("gen_ai.usage.output_tokens");
			assertThat(only(childrenOf(tracer, call)).getName()).isEqualTo("http post");
		});
	}

	// no model in the options: the request model is the default that was asked for, known from
	// the answer, and the response model is the fallback model that answered
	@Test
	void chatModelSpanOfAnAnswerFromTheFallbackModelShouldNameTheModelAskedForAndTheOneThatAnswered() {
		sim.simulator().outage(MODEL);
		observed("claude.fallback-models=" + MODEL + "," + FALLBACK).run((context) -> {
			SimpleTracer tracer = context.getBean(SimpleTracer.class);

			String answer = context.getBean(ChatClient.Builder.class).build().prompt().user("Say hello").call().content();

			assertThat(answer).isNotBlank();
			SimpleSpan chatModel = named(tracer, "chat " + MODEL);
			assertThat(chatModel.getTags()).containsEntry("gen_ai.request.model", MODEL)
				.containsEntry("gen_ai.response.model", FALLBACK);
			assertThat(only(childrenOf(tracer, chatModel)).getTags()).containsEntry("claude.outcome", "fallback");
		});
	}

	@Test
	void chatModelSpanOfAFailedCallShouldCarryTheError() {
		failureShouldBeOnTheChatModelSpan((prompt) -> prompt.call().content());
	}

	@Test
	void chatModelSpanOfAFailedStreamShouldCarryTheError() {
		failureShouldBeOnTheChatModelSpan((prompt) -> prompt.stream().content().blockLast(TIMEOUT));
	}

	// an outage of the only model: the caller gets the calm error and the chat model span carries it
	private void failureShouldBeOnTheChatModelSpan(Consumer<ChatClient.ChatClientRequestSpec> send) {
		sim.simulator().outage(MODEL);
		observed().run((context) -> {
			SimpleTracer tracer = context.getBean(SimpleTracer.class);
			ChatClient chatClient = context.getBean(ChatClient.Builder.class).build();

			assertThatExceptionOfType(ClaudeUnavailableException.class).isThrownBy(() -> send.accept(SpringAiLine
				.options(chatClient.prompt().user("Say hello"), ClaudeResilienceChatOptions.builder().model(MODEL))));

			assertThat(named(tracer, "chat " + MODEL).getError()).isInstanceOf(ClaudeUnavailableException.class);
		});
	}

	@Test
	void chatModelSpanOfAStreamItsCallerCancelledShouldSaySoWithoutAnError() {
		observed().run((context) -> {
			SimpleTracer tracer = context.getBean(SimpleTracer.class);
			ChatClient chatClient = context.getBean(ChatClient.Builder.class).build();

			String first = SpringAiLine
				.options(chatClient.prompt().user("Say hello"), ClaudeResilienceChatOptions.builder().model(MODEL))
				.stream()
				.content()
				.blockFirst(TIMEOUT);

			assertThat(first).isNotEmpty();
			SimpleSpan chatModel = named(tracer, "chat " + MODEL);
			assertThat(chatModel.getEvents()).extracting(Map.Entry::getValue).containsExactly("cancelled by the caller");
			assertThat(chatModel.getError()).isNull();
		});
	}

	// the callers' model names: Spring AI's meters keep as many of them as the starter's own do
	@Test
	void chatModelMetersShouldKeepABoundedNumberOfModelNames() {
		observed().run((context) -> {
			ChatClient chatClient = context.getBean(ChatClient.Builder.class).build();

			for (int i = 0; i < 40; i++) {
				String model = "claude-invented-" + i;
				assertThatExceptionOfType(ClaudeException.class).isThrownBy(() -> SpringAiLine
					.options(chatClient.prompt().user("Say hello"), ClaudeResilienceChatOptions.builder().model(model))
					.call()
					.content());
			}

			List<String> models = context.getBean(MeterRegistry.class)
				.find("gen_ai.client.operation")
				.timers()
				.stream()
				.map((timer) -> timer.getId().getTag("gen_ai.request.model"))
				.distinct()
				.toList();
			assertThat(models).hasSize(33).contains("other", "claude-invented-0");
		});
	}

	@Test
	void chatModelObservationConventionBeanShouldNameTheChatModelSpans() {
		observed().withBean(ChatModelObservationConvention.class, () -> new DefaultChatModelObservationConvention() {

			@Override
			public String getContextualName(ChatModelObservationContext context) {
				return "assistant " + super.getContextualName(context);
			}

		}).run((context) -> {
			SimpleTracer tracer = context.getBean(SimpleTracer.class);

			context.getBean(ChatClient.Builder.class).build().prompt().user("Say hello").stream().content().blockLast(TIMEOUT);

			SimpleSpan chatModel = named(tracer, "assistant chat " + MODEL);
			assertThat(only(childrenOf(tracer, chatModel)).getName()).isEqualTo("claude chat " + MODEL);
		});
	}

	@Test
	void prometheusRegistryShouldTakeBothLibrariesMeters() {
		observed().run((context) -> {
			context.getBean(ChatClient.Builder.class).build().prompt().user("Say hello").call().content();
			context.getBean(ClaudeClient.class).send(ClaudeRequest.of(MODEL, 64, "Say hello")).block(TIMEOUT);

			String scrape = context.getBean(PrometheusMeterRegistry.class).scrape();

			assertThat(this.refused).isEmpty();
			// Spring AI's: its token counter and its chat model and chat client observations
			assertThat(scrape).contains("gen_ai_client_token_usage_total{", "gen_ai_client_operation_seconds_count{",
					"spring_ai_chat_client_seconds_count{");
			// the starter's: its token summary, its duration, its calls and its observation
			assertThat(scrape).contains("claude_client_token_usage_tokens_count{",
					"claude_client_operation_duration_seconds_count{", "claude_requests_total{",
					"claude_client_operation_seconds_count{");
			assertThat(line(scrape, "gen_ai_client_token_usage_total{")).contains("gen_ai_system=\"anthropic\"",
					"gen_ai_token_type=");
			assertThat(line(scrape, "claude_client_token_usage_tokens_count{"))
				.contains("gen_ai_provider_name=\"anthropic\"");
			// two calls through the pipeline: one from the ChatClient, one direct
			assertThat(context.getBean(MeterRegistry.class)
				.get("claude.requests")
				.tags("model", MODEL, "outcome", "success")
				.counter()
				.count()).isEqualTo(2);
		});
	}

	// why the default is claude.client.*: under the conventions' own name one registry holds Spring AI's
	// counter and the starter's summary as one name of two types with two sets of tag keys (Prometheus
	// keeps them apart only by the summary's unit suffix, _tokens; exports by name mix them)
	@Test
	void conventionsOwnTokenMeterNameShouldBeTwoInstrumentsBesideSpringAis() {
		observed("claude.observability.gen-ai-meter-prefix=gen_ai").run((context) -> {
			context.getBean(ChatClient.Builder.class).build().prompt().user("Say hello").call().content();

			assertThat(context.getBean(MeterRegistry.class).find("gen_ai.client.token.usage").meters())
				.extracting((meter) -> meter.getId().getType())
				.contains(Meter.Type.COUNTER, Meter.Type.DISTRIBUTION_SUMMARY);
		});
	}

	private static SimpleSpan named(SimpleTracer tracer, String name) {
		return only(tracer.getSpans().stream().filter((span) -> name.equals(span.getName())).toList());
	}

	private static SimpleSpan parentOf(SimpleTracer tracer, SimpleSpan child) {
		return only(tracer.getSpans().stream().filter((span) -> span.getSpanId().equals(child.getParentId())).toList());
	}

	private static List<SimpleSpan> childrenOf(SimpleTracer tracer, SimpleSpan parent) {
		return tracer.getSpans().stream().filter((span) -> parent.getSpanId().equals(span.getParentId())).toList();
	}

	private static SimpleSpan only(List<SimpleSpan> spans) {
		assertThat(spans).hasSize(1);
		return spans.get(0);
	}

	private static String line(String scrape, String start) {
		return scrape.lines().filter((line) -> line.startsWith(start)).findFirst().orElseThrow();
	}

}
