package dev.clauderesilience.test;

import java.util.Objects;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that runs one {@link ClaudeSimulator} per test class and
 * {@link ClaudeSimulator#reset() resets} it before each test. Register it on a static field:
 * <pre class="code">
 * &#064;RegisterExtension
 * static ClaudeSimulatorExtension sim = ClaudeSimulatorExtension.create();
 * </pre> Test and lifecycle methods can also declare a {@link ClaudeSimulator} parameter.
 *
 * @author claude-resilience
 * @since 0.1.0
 */
public final class ClaudeSimulatorExtension
		implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, ParameterResolver {

	private final ClaudeSimulator.Builder builder;

	private ClaudeSimulator simulator;

	private int depth;

	private ClaudeSimulatorExtension(ClaudeSimulator.Builder builder) {
		this.builder = builder;
	}

	/**
	 * An extension running a simulator with the defaults.
	 * @return the extension
	 */
	public static ClaudeSimulatorExtension create() {
		return new ClaudeSimulatorExtension(ClaudeSimulator.builder());
	}

	/**
	 * An extension running a simulator built by the given builder.
	 * @param builder the configured builder
	 * @return the extension
	 */
	public static ClaudeSimulatorExtension create(ClaudeSimulator.Builder builder) {
		return new ClaudeSimulatorExtension(Objects.requireNonNull(builder, "builder"));
	}

	/**
	 * The running simulator.
	 * @return the simulator
	 * @throws IllegalStateException outside of the test class lifecycle
	 */
	public synchronized ClaudeSimulator simulator() {
		if (this.simulator == null) {
			throw new IllegalStateException("The Claude simulator runs only while the test class runs; "
					+ "register the extension on a static field");
		}
		return this.simulator;
	}

	/**
	 * Shortcut for {@code simulator().baseUrl()}.
	 * @return the base URL
	 */
	public String baseUrl() {
		return simulator().baseUrl();
	}

	/**
	 * Shortcut for {@code simulator().apiKey()}.
	 * @return the API key
	 */
	public String apiKey() {
		return simulator().apiKey();
	}

	@Override
	public synchronized void beforeAll(ExtensionContext context) {
		// Nested test classes call beforeAll again: keep the outer class's simulator.
		if (this.depth++ == 0) {
			this.simulator = this.builder.build().start();
		}
	}

	@Override
	public synchronized void afterAll(ExtensionContext context) {
		if (--this.depth == 0 && this.simulator != null) {
			this.simulator.stop();
			this.simulator = null;
		}
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		simulator().reset();
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == ClaudeSimulator.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return simulator();
	}

}
