package dev.clauderesilience.test;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.DynamicPropertyRegistry;

import static dev.clauderesilience.test.SimulatorRequests.body;
import static dev.clauderesilience.test.SimulatorRequests.messages;
import static org.assertj.core.api.Assertions.assertThat;

class ClaudeSimulatorExtensionTests {

	@RegisterExtension
	static ClaudeSimulatorExtension sim = ClaudeSimulatorExtension.create(ClaudeSimulator.builder().apiKey("ext-key"));

	@Test
	void extensionShouldResolveRunningSimulatorParameter(ClaudeSimulator simulator) {
		assertThat(simulator).isSameAs(sim.simulator());
		assertThat(simulator.apiKey()).isEqualTo("ext-key");
		assertThat(sim.baseUrl()).isEqualTo("http://127.0.0.1:" + simulator.port());
		assertThat(messages(simulator, body("claude-haiku-4-5", 10, false, "Hi")).statusCode()).isEqualTo(200);
	}

	@Test
	void extensionShouldResetBeforeEachTestFirst() {
		sim.simulator().enqueueFault(SimulatedFault.status(500));
		assertThat(sim.simulator().journal()).isEmpty();
	}

	@Test
	void extensionShouldResetBeforeEachTestSecond() {
		assertThat(sim.simulator().journal()).isEmpty();
		assertThat(messages(sim.simulator(), body("claude-haiku-4-5", 10, false, "Hi")).statusCode()).isIn(200, 500);
	}

	@Test
	void propertySourceShouldRegisterBaseUrlAndApiKey() {
		Map<String, Object> properties = new HashMap<>();
		DynamicPropertyRegistry registry = (name, supplier) -> properties.put(name, supplier.get());
		ClaudeSimulatorPropertySource.register(registry, sim.simulator());
		assertThat(properties).containsEntry("claude.base-url", sim.baseUrl()).containsEntry("claude.api-key", "ext-key");
	}

}
