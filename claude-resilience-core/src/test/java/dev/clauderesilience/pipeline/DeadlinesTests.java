package dev.clauderesilience.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;

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

}
