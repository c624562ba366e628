package dev.clauderesilience.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import dev.clauderesilience.ratelimit.EpochNanos;
import dev.clauderesilience.ratelimit.VirtualClock;
import dev.clauderesilience.ratelimit.VirtualTime;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One sweep for every call's deadline: when each fires, and what a call that ended leaves
 * behind.
 */
class DeadlinesTests {

	@RegisterExtension
	final VirtualTime time = new VirtualTime();

	private final VirtualClock clock = new VirtualClock();

	private final Deadlines deadlines = new Deadlines(this.clock);

	private final List<Double> firedAt = new CopyOnWriteArrayList<>();

	private double start;

	// a call bound to a deadline: what its subscriber is told, and whether the call was cancelled
	private final List<String> told = new CopyOnWriteArrayList<>();

	private final AtomicBoolean callCancelled = new AtomicBoolean();

	private Disposable await(Duration in) {
		return this.deadlines.at(EpochNanos.now(this.clock) + in.toNanos())
			.subscribe((tick) -> this.firedAt.add(VirtualClock.seconds(this.clock.instant()) - this.start));
	}

	@Test
	void eachDeadlineShouldFireWithinATickOfItsTime() {
		this.start = VirtualClock.seconds(this.clock.instant());
		await(Duration.ofSeconds(2));
		await(Duration.ofMillis(500));

		this.time.advance(Duration.ofMillis(499));
		assertThat(this.firedAt).isEmpty();
		this.time.advance(Duration.ofSeconds(3));

		assertThat(this.firedAt).hasSize(2);
		assertThat(this.firedAt.get(0)).isBetween(0.5, 0.5 + Deadlines.TICK.toMillis() / 1000d);
		assertThat(this.firedAt.get(1)).isBetween(2.0, 2.0 + Deadlines.TICK.toMillis() / 1000d);
	}

	@Test
	void aCallThatEndedShouldNeverBeTold() {
		this.start = VirtualClock.seconds(this.clock.instant());
		Disposable ended = await(Duration.ofSeconds(1));

		ended.dispose();
		this.time.advance(Duration.ofSeconds(5));

		assertThat(this.firedAt).isEmpty();
	}

	@Test
	void aDeadlineAlreadyPastShouldFireAtOnce() {
		this.start = VirtualClock.seconds(this.clock.instant());
		await(Duration.ofSeconds(-1));

		assertThat(this.firedAt).containsExactly(0.0);
	}

	@Test
	void closingShouldStopTheSweep() {
		this.start = VirtualClock.seconds(this.clock.instant());
		await(Duration.ofSeconds(1));

		this.deadlines.close();
		this.time.advance(Duration.ofSeconds(5));

		assertThat(this.firedAt).isEmpty();
	}


	private Disposable bind(Mono<String> call, Duration in) {
		return this.deadlines
			.bound(call.doOnCancel(() -> this.callCancelled.set(true)), EpochNanos.now(this.clock) + in.toNanos(),
					() -> new IllegalStateException("deadline passed"))
			.subscribe((answer) -> this.told.add("answer " + answer),
					(failure) -> this.told.add("failure " + failure.getMessage()), () -> this.told.add("complete"));
	}

	@Test
	void aBoundCallShouldFailWithinATickOfItsDeadlineAndBeCancelled() {
		bind(Mono.never(), Duration.ofSeconds(1));

		this.time.advance(Duration.ofMillis(999));
		assertThat(this.told).isEmpty();
		this.time.advance(Deadlines.TICK);

		assertThat(this.told).containsExactly("failure deadline passed");
		assertThat(this.callCancelled).isTrue();
		assertThat(this.deadlines.pending()).isZero();
	}

	@Test
	void aBoundCallAnsweredInTimeShouldPassItsAnswerAndLeaveNothingToSweep() {
		bind(Mono.just("42"), Duration.ofSeconds(1));

		assertThat(this.told).containsExactly("answer 42", "complete");
		assertThat(this.deadlines.pending()).isZero();
		this.time.advance(Duration.ofSeconds(5));
		assertThat(this.told).containsExactly("answer 42", "complete");
	}

	@Test
	void aBoundCallThatFailsShouldPassItsFailureAndLeaveNothingToSweep() {
		bind(Mono.error(new IllegalArgumentException("refused")), Duration.ofSeconds(1));

		assertThat(this.told).containsExactly("failure refused");
		assertThat(this.deadlines.pending()).isZero();
	}

	@Test
	void aCancelledBoundCallShouldBeCancelledAndLeaveNothingToSweep() {
		Disposable call = bind(Mono.never(), Duration.ofSeconds(1));
		assertThat(this.deadlines.pending()).isOne();

		call.dispose();
		this.time.advance(Duration.ofSeconds(5));

		assertThat(this.callCancelled).isTrue();
		assertThat(this.deadlines.pending()).isZero();
		assertThat(this.told).isEmpty();
	}

	@Test
	void aBoundCallAlreadyPastItsDeadlineShouldFailAtOnce() {
		bind(Mono.never(), Duration.ofSeconds(-1));

		assertThat(this.told).containsExactly("failure deadline passed");
		assertThat(this.callCancelled).isTrue();
		assertThat(this.deadlines.pending()).isZero();
	}

	@Test
	void anAnswerAtOnceShouldWinOverADeadlineAlreadyPast() {
		bind(Mono.just("42"), Duration.ofSeconds(-1));

		assertThat(this.told).containsExactly("answer 42", "complete");
		assertThat(this.deadlines.pending()).isZero();
	}

	@Test
	void aFailureMakingTheDeadlinesErrorShouldStillEndTheCall() {
		this.deadlines
			.bound(Mono.<String>never().doOnCancel(() -> this.callCancelled.set(true)),
					EpochNanos.now(this.clock) + Duration.ofSeconds(1).toNanos(), () -> {
						throw new IllegalStateException("no error for you");
					})
			.subscribe((answer) -> this.told.add("answer " + answer),
					(failure) -> this.told.add("failure " + failure.getMessage()));

		this.time.advance(Duration.ofSeconds(2));

		assertThat(this.told).containsExactly("failure no error for you");
		assertThat(this.callCancelled).isTrue();
		assertThat(this.deadlines.pending()).isZero();
	}

	@Test
	void anAnswerAfterTheDeadlineShouldBeDropped() {
		Sinks.One<String> late = Sinks.one();
		bind(late.asMono(), Duration.ofSeconds(1));
		this.time.advance(Duration.ofSeconds(2));

		late.tryEmitValue("too late");

		assertThat(this.told).containsExactly("failure deadline passed");
	}

	@Test
	void anEmptyBoundCallShouldComplete() {
		bind(Mono.empty(), Duration.ofSeconds(1));

		assertThat(this.told).containsExactly("complete");
		assertThat(this.deadlines.pending()).isZero();
	}

}
