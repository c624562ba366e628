package dev.clauderesilience.observation;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BoundedTagValuesTests {

	@Test
	void modelsBeyondTheCapShouldBecomeOther() {
		BoundedTagValues values = new BoundedTagValues(3);
		Set<String> tags = new HashSet<>();
		for (int i = 0; i < 1000; i++) {
			tags.add(values.model("claude-model-" + i));
		}

		assertThat(tags).containsExactlyInAnyOrder("claude-model-0", "claude-model-1", "claude-model-2", "other");
		assertThat(values.model("claude-model-1")).isEqualTo("claude-model-1");
	}

	@Test
	void malformedOrMissingModelsShouldNotBecomeTagValues() {
		BoundedTagValues values = new BoundedTagValues(10);

		assertThat(values.model(null)).isEqualTo("none");
		assertThat(values.model("")).isEqualTo("none");
		assertThat(values.model("tell me a joke about { user }")).isEqualTo("other");
		assertThat(values.model("x".repeat(65))).isEqualTo("other");
		assertThat(values.model("claude-sonnet-4-5-20250929")).isEqualTo("claude-sonnet-4-5-20250929");
	}

	@Test
	void reasonsShouldBeAFixedVocabulary() {
		assertThat(BoundedTagValues.reason("overloaded_error")).isEqualTo("overloaded_error");
		assertThat(BoundedTagValues.reason("status_503")).isEqualTo("status_503");
		assertThat(BoundedTagValues.reason("timeout")).isEqualTo("timeout");
		assertThat(BoundedTagValues.reason("some_new_error_type")).isEqualTo("other");
		assertThat(BoundedTagValues.reason(null)).isEqualTo("other");
	}

}
