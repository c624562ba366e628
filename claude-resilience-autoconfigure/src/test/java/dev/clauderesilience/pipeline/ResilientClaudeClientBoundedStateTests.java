package dev.clauderesilience.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;

import dev.clauderesilience.client.ClaudeRequest;
import dev.clauderesilience.client.ClaudeResponse;
import dev.clauderesilience.ratelimit.LimitSettings;
import dev.clauderesilience.ratelimit.ModelGroups;
import dev.clauderesilience.ratelimit.VirtualTime;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Model names are the caller's to choose: inventing them must neither grow the pipeline's state
 * nor get around its pacing.
 */
class ResilientClaudeClientBoundedStateTests {

	@RegisterExtension
	final VirtualTime time = new VirtualTime();

	private static ClaudeRequest request(String model) {
		return ClaudeRequest.builder().model(model).user("Hi").build();
	}

	@Test
	void thirtyThousandInventedModelNamesShouldShareTheGroupsAndABoundedSetOfBreakers() {
		PipelineFixture fixture = new PipelineFixture();
		List<Object> outcomes = new CopyOnWriteArrayList<>();
		Flux.range(0, 30_000)
			.concatMap((i) -> fixture.client.send(request("claude-invented-" + i)).cast(Object.class))
			.subscribe(outcomes::add, outcomes::add);
		this.time.advance(Duration.ofSeconds(1));

		assertThat(outcomes).hasSize(30_000).allMatch(ClaudeResponse.class::isInstance);
		assertThat(fixture.limiter.groups()).hasSizeLessThanOrEqualTo(ModelGroups.ALL.size());
		assertThat(fixture.breakers.states()).hasSizeLessThanOrEqualTo(33).containsKey("other");
	}

	@Test
	void inventedModelNamesShouldBePacedTogetherUnderTheOtherGroupsLimit() {
		// 30 a minute, one at a time: twenty names, one limit
		PipelineFixture fixture = new PipelineFixture(new LimitSettings(30L, null, null, null), Duration.ofMinutes(5),
				Duration.ofHours(1));
		fixture.limiter.group("claude-invented-0");
		this.time.advance(Duration.ofSeconds(2));
		fixture.http.startClock();
		Flux.range(0, 20).flatMap((i) -> fixture.client.send(request("claude-invented-" + i)), 20).subscribe();
		this.time.advance(Duration.ofMinutes(1));

		assertThat(fixture.http.calls()).hasSize(20);
		assertThat(fixture.http.calls()).extracting(ScriptedHttp.Call::at)
			.containsExactly(0.0, 2.0, 4.0, 6.0, 8.0, 10.0, 12.0, 14.0, 16.0, 18.0, 20.0, 22.0, 24.0, 26.0, 28.0, 30.0,
					32.0, 34.0, 36.0, 38.0);
	}

}
