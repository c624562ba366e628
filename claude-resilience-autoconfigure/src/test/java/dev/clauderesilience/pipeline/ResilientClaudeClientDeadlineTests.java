package dev.clauderesilience.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeResponse;
import dev.clauderesilience.client.ClaudeStreamEvent;
import dev.clauderesilience.client.ClaudeUnavailableException;
import dev.clauderesilience.client.ContentBlock;
import dev.clauderesilience.client.ModelAllowList;
import dev.clauderesilience.client.RateLimitSnapshot;
import dev.clauderesilience.client.Usage;
import dev.clauderesilience.ratelimit.LimitSettings;
import dev.clauderesilience.ratelimit.VirtualTime;
import dev.clauderesilience.retry.ClaudeDeadlineExceededException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One {@code claude.deadline} per call, in virtual time: it covers retries and every fallback
 * model, and a stream only until its first content; content that keeps flowing is not cut.
 */
class ResilientClaudeClientDeadlineTests {

	private static final String SONNET = "claude-sonnet-4-5";

	private static final String HAIKU = "claude-haiku-4-5";

	private static final ClaudeRequest REQUEST = ClaudeRequest.of(SONNET, 100, "Hi");

	// the deadline is checked every 50 ms
	private static final Duration TICK = Deadlines.TICK;

	@RegisterExtension
	final VirtualTime time = new VirtualTime();

	private static PipelineFixture fixture(Duration deadline) {
		return new PipelineFixture(LimitSettings.NONE, Duration.ofSeconds(30), deadline, List.of(SONNET, HAIKU),
				ModelAllowList.ANY);
	}

	private static ClaudeResponse shell(String model) {
		return new ClaudeResponse("msg_1", model, "assistant", List.of(), null, null, new Usage(10, 1, 0, 0), null,
				RateLimitSnapshot.EMPTY);
	}

	private static void assertEndedAtTheDeadline(Throwable failure) {
		assertThat(failure).isInstanceOf(ClaudeUnavailableException.class)
			.hasCauseInstanceOf(ClaudeDeadlineExceededException.class);
	}

	private static long callsTo(PipelineFixture fixture, String model) {
		return fixture.http.calls().stream().filter((call) -> call.model().equals(model)).count();
	}

	@Test
	void aStreamThatSendsOnlyPingsBeforeContentShouldEndAtTheDeadlineAndNeverReachTheFallback() {
		PipelineFixture fixture = fixture(Duration.ofSeconds(2));
		// message_start, then pings (which the decoder drops) for ever, on every model
		for (int i = 0; i < 3; i++) {
			fixture.http.stream((request) -> Flux.<ClaudeStreamEvent>just(new ClaudeStreamEvent.MessageStart(
					shell(request.model())))
				.concatWith(Flux.never()));
		}

		StepVerifier.withVirtualTime(() -> fixture.client.stream(REQUEST))
			.expectSubscription()
			.expectNoEvent(Duration.ofSeconds(2).minus(TICK))
			.thenAwait(TICK.multipliedBy(2))
			.expectErrorSatisfies(ResilientClaudeClientDeadlineTests::assertEndedAtTheDeadline)
			.verify(Duration.ofSeconds(5));

		assertThat(callsTo(fixture, SONNET)).isEqualTo(1);
		assertThat(callsTo(fixture, HAIKU)).as("the fallback gets no fresh deadline").isZero();
	}

	@Test
	void anAnswerThatNeverCompletesShouldEndAtTheDeadlineAcrossRetriesAndNeverReachTheFallback() {
		PipelineFixture fixture = fixture(Duration.ofSeconds(2));
		// one overload (retried after about a second), then an answer that drips for ten seconds
		fixture.http.fail(1, dev.clauderesilience.client.TestFailures.status(529));
		fixture.http.answer((request) -> Mono.delay(Duration.ofSeconds(10)).map((tick) -> fixture.http.ok(request)));
		fixture.http.answer((request) -> Mono.delay(Duration.ofSeconds(10)).map((tick) -> fixture.http.ok(request)));

		StepVerifier.withVirtualTime(() -> fixture.client.send(REQUEST))
			.expectSubscription()
			.expectNoEvent(Duration.ofSeconds(2).minus(TICK))
			.thenAwait(TICK.multipliedBy(2))
			.expectErrorSatisfies(ResilientClaudeClientDeadlineTests::assertEndedAtTheDeadline)
			.verify(Duration.ofSeconds(5));

		assertThat(callsTo(fixture, SONNET)).as("the overload was retried within the deadline").isEqualTo(2);
		assertThat(callsTo(fixture, HAIKU)).as("the fallback gets no fresh deadline").isZero();
	}

	@Test
	void aStreamWhoseContentFlowsPastTheDeadlineShouldComplete() {
		PipelineFixture fixture = fixture(Duration.ofSeconds(1));
		// 60 deltas 50 ms apart: content from the first 50 ms, the last at 3 s, three times the deadline
		fixture.http.stream((request) -> Flux.concat(
				Flux.just(new ClaudeStreamEvent.MessageStart(shell(request.model())),
						new ClaudeStreamEvent.ContentBlockStart(0, ContentBlock.text(""))),
				Flux.interval(Duration.ofMillis(50))
					.take(60)
					.map((i) -> new ClaudeStreamEvent.ContentBlockDelta(0, new ClaudeStreamEvent.TextDelta("t" + i))),
				Flux.just(new ClaudeStreamEvent.ContentBlockStop(0),
						new ClaudeStreamEvent.MessageDelta("end_turn", null, new Usage(0, 60, 0, 0)),
						new ClaudeStreamEvent.MessageStop())));

		List<ClaudeStreamEvent> events = new CopyOnWriteArrayList<>();
		AtomicReference<String> end = new AtomicReference<>();
		fixture.client.stream(REQUEST)
			.subscribe(events::add, (ex) -> end.set(ex.toString()), () -> end.set("complete"));
		this.time.advance(Duration.ofSeconds(1).plus(TICK.multipliedBy(2)));
		assertThat(end).as("past the deadline, content flowing").hasValue(null);
		this.time.advance(Duration.ofSeconds(5));

		assertThat(end).hasValue("complete");
		assertThat(events).filteredOn(ClaudeStreamEvent.ContentBlockDelta.class::isInstance).hasSize(60);
		assertThat(events).last().isInstanceOf(ClaudeStreamEvent.MessageStop.class);
		assertThat(fixture.http.calls()).hasSize(1);
	}

}
