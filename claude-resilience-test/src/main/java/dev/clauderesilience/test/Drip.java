package dev.clauderesilience.test;

import java.time.Duration;
import java.util.Arrays;

import reactor.core.publisher.Flux;

/**
 * Cuts a body into pieces of a few bytes, each sent after a pause, for
 * {@link SimulatedFault#drip(Duration)}.
 */
final class Drip {

	static final int PIECE_BYTES = 4;

	private Drip() {
	}

	static Flux<byte[]> pieces(byte[] body, Duration pause) {
		int count = (body.length + PIECE_BYTES - 1) / PIECE_BYTES;
		Flux<byte[]> pieces = Flux.range(0, count)
			.map((index) -> Arrays.copyOfRange(body, index * PIECE_BYTES,
					Math.min(body.length, (index + 1) * PIECE_BYTES)));
		return pause.isZero() ? pieces : pieces.delayElements(pause);
	}

}
