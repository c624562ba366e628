package dev.clauderesilience.ratelimit.redis;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * A real {@code redis-server} on a free loopback port, started and stopped by a test (no Docker;
 * CI installs Debian's redis-server). Fails, rather than skips, when redis-server is missing.
 */
final class RedisServer implements AutoCloseable {

	private final int port;

	private Process process;

	private RedisServer(int port) {
		this.port = port;
	}

	static RedisServer start() {
		RedisServer server = new RedisServer(freePort());
		server.restart();
		return server;
	}

	int port() {
		return this.port;
	}

	String[] springProperties() {
		return new String[] { "spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + this.port };
	}

	void restart() {
		String executable = executable();
		try {
			this.process = new ProcessBuilder(executable, "--port", String.valueOf(this.port), "--save", "",
					"--appendonly", "no", "--bind", "127.0.0.1")
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start " + executable, ex);
		}
		awaitPing();
	}

	void kill() {
		if (this.process != null) {
			this.process.destroyForcibly();
			try {
				this.process.waitFor();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.process = null;
		}
	}

	@Override
	public void close() {
		kill();
	}

	private void awaitPing() {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
		while (Instant.now().isBefore(deadline)) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("redis-server exited at start (port " + this.port + ")");
			}
			if (pings()) {
				return;
			}
			Thread.onSpinWait();
		}
		kill();
		throw new IllegalStateException("redis-server did not answer PING within 10 s");
	}

	private boolean pings() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
			socket.setSoTimeout(1000);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] answer = new byte[7];
			int read = in.read(answer);
			return read > 0 && new String(answer, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static String executable() {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			File candidate = new File(dir, "redis-server");
			if (candidate.canExecute()) {
				return candidate.getAbsolutePath();
			}
		}
		File debian = new File("/usr/bin/redis-server");
		if (debian.canExecute()) {
			return debian.getAbsolutePath();
		}
		throw new IllegalStateException("redis-server is not installed: the Redis tests need it "
				+ "(apt-get install redis-server; .ci/run installs it)");
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
