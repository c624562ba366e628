package dev.clauderesilience.review;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InputAnonymizerTests {

	private final InputAnonymizer anonymizer = new InputAnonymizer(List.of("ORDER-\\d{6}"));

	@Test
	void anonymizeShouldMaskEmailsPhonesCardsAndConfiguredPatterns() {
		String masked = this.anonymizer.anonymize("Mail jane.doe+work@example.co.uk or call +44 (20) 7946-0958 "
				+ "about card 4111 1111 1111 1111 and ORDER-123456.");

		assertThat(masked).isEqualTo("Mail [email] or call [phone] about card [card] and [redacted].");
	}

	@Test
	void anonymizeShouldLeaveOrdinaryTextAndShortNumbersAlone() {
		assertThat(this.anonymizer.anonymize("I am 42 and it is 2026; room 101.")).isEqualTo("I am 42 and it is 2026; room 101.");
	}

}
