package dev.clauderesilience.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.clauderesilience.test.ClaudeSimulatorServer;

/**
 * The Claude simulator in a JVM of its own ({@link ClaudeSimulatorServer} on a free port, 20-token
 * answers), for the benchmarks that time single calls: as a remote API, it shares no thread, heap
 * or JIT compiler with the clients. In the clients' JVM, on Reactor Netty's shared event loops,
 * which thread each client's connection and the server's end of it landed on was chance, and on
 * two cores that chance moved a client's median by more than the starter adds.
 */
final class ExternalSimulator implements AutoCloseable {

	private static final Pattern READY = Pattern.compile("ready at (\\S+) with API key (\\S+)");

	private final Process process;

	private final String baseUrl;

	private final String apiKey;

	private ExternalSimulator(Process process, String baseUrl, String apiKey) {
		this.process = process;
		this.baseUrl = baseUrl;
		this.apiKey = apiKey;
	}

	/**
	 * Starts the simulator with this JVM's class path and waits for its ready line.
	 * @return the running simulator
	 */
	static ExternalSimulator start() {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp",
				System.getProperty("java.class.path"), ClaudeSimulatorServer.class.getName(), "--port=0",
				"--output-tokens-between=20:20"))
			.redirectErrorStream(true);
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot start the simulator", ex);
		}
		BufferedReader output = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		try {
			String line;
			while ((line = output.readLine()) != null) {
				Matcher ready = READY.matcher(line);
				if (ready.find()) {
					drain(output);
					// a benchmark that ends without closing it (a failed set-up, Ctrl-C) leaves no server behind
					Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "simulator-stop"));
					return new ExternalSimulator(process, ready.group(1), ready.group(2));
				}
			}
			throw new IllegalStateException("the simulator ended before it was ready");
		}
		catch (IOException ex) {
			process.destroyForcibly();
			throw new UncheckedIOException("cannot read the simulator's output", ex);
		}
		catch (RuntimeException ex) {
			process.destroyForcibly();
			throw ex;
		}
	}

	// what it prints later must not fill the pipe and stall it
	private static void drain(BufferedReader output) {
		Thread drainer = new Thread(() -> {
			try {
				while (output.readLine() != null) {
					// discarded
				}
			}
			catch (IOException ex) {
				// the simulator ended
			}
		}, "simulator-output");
		drainer.setDaemon(true);
		drainer.start();
	}

	String baseUrl() {
		return this.baseUrl;
	}

	String apiKey() {
		return this.apiKey;
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
