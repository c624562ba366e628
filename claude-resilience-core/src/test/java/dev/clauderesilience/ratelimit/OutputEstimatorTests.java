package dev.clauderesilience.ratelimit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a request reserves of its max_tokens in each output-reservation mode, and how the
 * adaptive one learns.
 */
class OutputEstimatorTests {

	private final OutputEstimator estimator = new OutputEstimator();

	private long adaptive(int maxTokens) {
		return this.estimator.reservation(OutputReservation.ADAPTIVE, 0.5, maxTokens);
	}

	@Test
	void adaptiveShouldReserveHalfOfMaxTokensBeforeTheFirstAnswer() {
		assertThat(adaptive(1024)).isEqualTo(512);
		assertThat(adaptive(101)).isEqualTo(51);
		assertThat(adaptive(1)).isEqualTo(1);
		assertThat(this.estimator.estimate()).isEqualTo(-1);
	}

	@Test
	void adaptiveShouldReserveTwiceTheLongestAnswerUntilTenWereSeen() {
		this.estimator.record(12);
		this.estimator.record(40);
		this.estimator.record(7);
		assertThat(adaptive(1024)).isEqualTo(80);
		for (int i = 0; i < 6; i++) {
			this.estimator.record(5);
		}
		assertThat(adaptive(1024)).as("nine answers").isEqualTo(80);
		assertThat(this.estimator.estimate()).isEqualTo(-1);
	}

	@Test
	void adaptiveShouldReserveThe95thPercentileOnceTenAnswersWereSeen() {
		for (int tokens = 1; tokens <= 10; tokens++) {
			this.estimator.record(tokens);
		}
		assertThat(adaptive(1024)).isEqualTo(10);
		for (int tokens = 11; tokens <= 100; tokens++) {
			this.estimator.record(tokens);
		}
		assertThat(adaptive(1024)).isEqualTo(95);
		// the window keeps the latest 100: 100 answers of 3 tokens push out 1..100
		for (int i = 0; i < 100; i++) {
			this.estimator.record(3);
		}
		assertThat(adaptive(1024)).isEqualTo(3);
		assertThat(this.estimator.estimate()).isEqualTo(3);
	}

	@Test
	void adaptiveShouldNeverReserveMoreThanMaxTokensNorLessThanOne() {
		for (int i = 0; i < 10; i++) {
			this.estimator.record(500);
		}
		assertThat(adaptive(200)).isEqualTo(200);
		OutputEstimator empty = new OutputEstimator();
		for (int i = 0; i < 10; i++) {
			empty.record(0);
		}
		assertThat(empty.reservation(OutputReservation.ADAPTIVE, 0.5, 1024)).isEqualTo(1);
	}

	@Test
	void estimateShouldReserveTheConfiguredFractionOfMaxTokens() {
		assertThat(this.estimator.reservation(OutputReservation.ESTIMATE, 0.5, 1024)).isEqualTo(512);
		assertThat(this.estimator.reservation(OutputReservation.ESTIMATE, 0.25, 1000)).isEqualTo(250);
		assertThat(this.estimator.reservation(OutputReservation.ESTIMATE, 0.25, 10)).isEqualTo(3);
		this.estimator.record(5);
		assertThat(this.estimator.reservation(OutputReservation.ESTIMATE, 0.5, 1024)).as("does not learn")
			.isEqualTo(512);
	}

	@Test
	void maxTokensShouldReserveMaxTokens() {
		for (int i = 0; i < 10; i++) {
			this.estimator.record(5);
		}
		assertThat(this.estimator.reservation(OutputReservation.MAX_TOKENS, 0.5, 1024)).isEqualTo(1024);
	}

}
