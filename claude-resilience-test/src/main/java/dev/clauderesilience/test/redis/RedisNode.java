package dev.clauderesilience.test.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * One {@code redis-server} process on a fixed port of {@code 127.0.0.1}, without persistence,
 * working in its own directory, where its output goes to {@value #LOG_FILE}.
 */
final class RedisNode {

	static final String LOG_FILE = "redis-server.log";

	private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

	// how often a start-up is checked on: short, as a server is usually up within milliseconds
	private static final Duration POLL_INTERVAL = Duration.ofMillis(10);

	private static final int LOG_TAIL_LINES = 20;

	private final Path executable;

	private final Path directory;

	private final int port;

	private final List<String> options;

	private volatile Process process;

	RedisNode(Path executable, Path directory, int port, List<String> options) {
		this.executable = executable;
		this.directory = directory;
		this.port = port;
		this.options = List.copyOf(options);
	}

	int port() {
		return this.port;
	}

	/**
	 * Starts the process unless it runs, and waits until it answers {@code PING}.
	 * @throws RedisNodeStartException if it exits or does not answer in time
	 */
	synchronized void start() {
		if (isAlive()) {
			return;
		}
		List<String> command = new ArrayList<>(List.of(this.executable.toString(), "--port", String.valueOf(this.port),
				"--bind", RespClient.HOST, "--save", "", "--appendonly", "no", "--dir", this.directory.toString(),
				"--logfile", ""));
		command.addAll(this.options);
		try {
			Files.createDirectories(this.directory);
			this.process = new ProcessBuilder(command).directory(this.directory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new RedisNodeStartException("Could not run " + this.executable + ": " + ex.getMessage(), false, ex);
		}
		Process started = this.process;
		boolean answered = pollUntil(START_TIMEOUT, () -> {
			if (!started.isAlive()) {
				String log = logTail();
				throw new RedisNodeStartException(describe() + " exited at start with code " + started.exitValue()
						+ log, log.contains("Address already in use"), null);
			}
			return RespClient.pings(this.port);
		});
		if (!answered) {
			kill();
			throw new RedisNodeStartException(describe() + " did not answer PING within "
					+ START_TIMEOUT.toSeconds() + " s" + logTail(), false, null);
		}
	}

	/**
	 * Stops the process at once (as a crash would) and waits until it is gone.
	 */
	synchronized void kill() {
		Process current = this.process;
		this.process = null;
		if (current != null) {
			current.destroyForcibly();
			try {
				current.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Stops the process at once without waiting, for a shutdown hook (which must not block on a
	 * lock a stopped thread may hold).
	 */
	void destroyNow() {
		Process current = this.process;
		if (current != null) {
			current.destroyForcibly();
		}
	}

	boolean isAlive() {
		Process current = this.process;
		return current != null && current.isAlive();
	}

	long pid() {
		Process current = this.process;
		return (current != null) ? current.pid() : -1;
	}

	/**
	 * The last lines of the server's log, as a paragraph to add to a message.
	 * @return the lines, or an empty string if there is no log
	 */
	String logTail() {
		Path log = logFile();
		try {
			List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
			List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
			return tail.isEmpty() ? "" : "; the end of " + log + ":\n" + String.join("\n", tail);
		}
		catch (IOException | UncheckedIOException ex) {
			return "";
		}
	}

	private Path logFile() {
		return this.directory.resolve(LOG_FILE);
	}

	private String describe() {
		return this.executable + " on port " + this.port;
	}

	@Override
	public String toString() {
		return RespClient.HOST + ":" + this.port;
	}

	/**
	 * Checks a condition until it holds or the time is up.
	 * @param timeout the longest to wait
	 * @param condition the condition, which may throw to give up early
	 * @return whether it held in time
	 */
	static boolean pollUntil(Duration timeout, BooleanSupplier condition) {
		Instant deadline = Instant.now().plus(timeout);
		while (true) {
			if (condition.getAsBoolean()) {
				return true;
			}
			if (Instant.now().isAfter(deadline)) {
				return false;
			}
			LockSupport.parkNanos(POLL_INTERVAL.toNanos());
			if (Thread.currentThread().isInterrupted()) {
				return false;
			}
		}
	}

	/**
	 * A server that did not come up.
	 */
	static final class RedisNodeStartException extends IllegalStateException {

		private final boolean portTaken;

		RedisNodeStartException(String message, boolean portTaken, Throwable cause) {
			super(message, cause);
			this.portTaken = portTaken;
		}

		/**
		 * Whether it failed because another process had bound its port meanwhile.
		 * @return whether another port may succeed
		 */
		boolean portTaken() {
			return this.portTaken;
		}

	}

}
