package dev.clauderesilience.ratelimit;

import java.util.Arrays;

/**
 * The learned output reservation of one model group: a high percentile of the group's recent
 * answers' real output tokens. The API counts output tokens as they are generated, so reserving
 * a request's whole {@code max_tokens} (usually far more than its answer) would throttle calls
 * far below what the API serves; reserving what answers really take, and debiting at once an
 * answer that went over, keeps pace with the API.
 * <p>
 * Until the group has {@value #MIN_SAMPLES} answers, it reserves conservatively: half of
 * {@code max_tokens} before the first answer, then twice the longest answer seen.
 */
final class OutputEstimator {

	static final int WINDOW = 100;

	static final int MIN_SAMPLES = 10;

	static final double PERCENTILE = 0.95;

	private final long[] recent = new long[WINDOW];

	// reused for every answer (record is synchronized): no array allocated per call
	private final long[] sorted = new long[WINDOW];

	private int count;

	private int next;

	private volatile long estimate = -1;

	private volatile long longest;

	/**
	 * How many output tokens to reserve for a request.
	 * @param mode the configured mode
	 * @param fraction the share of max_tokens in {@link OutputReservation#ESTIMATE} mode
	 * @param maxTokens the request's max_tokens
	 * @return the reservation, at least 1 and at most max_tokens
	 */
	long reservation(OutputReservation mode, double fraction, int maxTokens) {
		long reserved = switch (mode) {
			case MAX_TOKENS -> maxTokens;
			case ESTIMATE -> (long) Math.ceil(maxTokens * fraction);
			case ADAPTIVE -> {
				long learned = this.estimate;
				if (learned >= 0) {
					yield learned;
				}
				long longest = this.longest;
				yield (longest > 0) ? 2 * longest : (maxTokens + 1) / 2;
			}
		};
		return Math.max(1, Math.min(maxTokens, reserved));
	}

	/**
	 * Takes in one answer's real output.
	 * @param outputTokens the output tokens
	 */
	synchronized void record(long outputTokens) {
		if (outputTokens < 0) {
			return;
		}
		this.recent[this.next] = outputTokens;
		this.next = (this.next + 1) % WINDOW;
		this.count = Math.min(WINDOW, this.count + 1);
		this.longest = Math.max(this.longest, outputTokens);
		if (this.count >= MIN_SAMPLES) {
			System.arraycopy(this.recent, 0, this.sorted, 0, this.count);
			Arrays.sort(this.sorted, 0, this.count);
			this.estimate = this.sorted[(int) Math.min(this.count - 1, Math.ceil(this.count * PERCENTILE) - 1)];
		}
	}

	/**
	 * Takes the estimate a shared store learned from every instance's answers.
	 * @param shared the estimate, or a negative value when the store has none yet
	 */
	void adopt(long shared) {
		if (shared >= 0) {
			this.estimate = shared;
		}
	}

	/**
	 * The learned estimate.
	 * @return the output tokens, or -1 before there is history
	 */
	long estimate() {
		return this.estimate;
	}

}
