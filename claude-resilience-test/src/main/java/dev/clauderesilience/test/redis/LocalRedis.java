package dev.clauderesilience.test.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.clauderesilience.test.redis.RedisNode.RedisNodeStartException;

/**
 * Real Redis servers on free ports of {@code 127.0.0.1} for tests, without Docker: one node, or a
 * cluster of masters with the 16384 slots split evenly. Nothing is persisted; every server is
 * stopped and its temporary files deleted by {@link #close()}, or at the latest when the JVM
 * exits.
 * <p>
 * The server run is the {@code redis-server} named by the system property or environment variable
 * {@code CLAUDE_RESILIENCE_REDIS_SERVER}, else the one on the {@code PATH}, else, on Linux and
 * macOS, the binary shipped inside {@code com.github.codemonstur:embedded-redis:1.4.3} (an optional
 * dependency of this test kit: add it, without its {@code jedis}, to use that fallback).
 *
 * <pre class="code">
 * try (LocalRedis redis = LocalRedis.start()) {
 *     contextRunner.withPropertyValues(redis.springProperties()).run(...);
 * }
 * </pre>
 *
 * @author claude-resilience
 * @since 0.2.0
 */
public final class LocalRedis implements AutoCloseable {

	/**
	 * The system property or environment variable that names the {@code redis-server} to run.
	 */
	public static final String EXECUTABLE_PROPERTY = RedisExecutable.OVERRIDE;

	private static final int SLOTS = 16384;

	private static final int MIN_MASTERS = 3;

	// Redis listens for the cluster bus on its port + 10000
	private static final int CLUSTER_BUS_OFFSET = 10000;

	// small, so a test's cluster settles quickly; larger than a busy CI machine's longest pause
	private static final String CLUSTER_NODE_TIMEOUT_MILLIS = "5000";

	private static final Duration CLUSTER_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

	private static final int START_ATTEMPTS = 5;

	private static final Set<LocalRedis> open = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> open.forEach(LocalRedis::destroy), "local-redis-stop"));
	}

	private final Path executable;

	private final Path directory;

	private final boolean cluster;

	private final List<RedisNode> nodes = new ArrayList<>();

	private boolean closed;

	private LocalRedis(Path executable, boolean cluster) {
		this.executable = executable;
		this.cluster = cluster;
		try {
			this.directory = Files.createTempDirectory("local-redis-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create a working directory for Redis", ex);
		}
		open.add(this);
	}

	/**
	 * Starts one Redis server and waits until it answers.
	 * @return the running server
	 * @throws IllegalStateException if there is no {@code redis-server} to run or it does not start
	 */
	public static LocalRedis start() {
		return start(RedisExecutable.resolve());
	}

	/**
	 * Starts one Redis server with a given binary and waits until it answers.
	 * @param executable the {@code redis-server} binary, such as {@link #embeddedExecutable()}
	 * @return the running server
	 * @throws IllegalStateException if it does not start
	 */
	public static LocalRedis start(Path executable) {
		LocalRedis redis = new LocalRedis(executable, false);
		return redis.startingOrClosed(() -> redis.startNode(List.of()));
	}

	/**
	 * Starts a Redis Cluster of masters (no replicas), each serving an even share of the slots,
	 * and waits until every node reports {@code cluster_state:ok} and all agree on the slot map.
	 * @param masters how many masters, at least 3
	 * @return the running cluster
	 * @throws IllegalStateException if there is no {@code redis-server} to run or the cluster does
	 * not form
	 */
	public static LocalRedis startCluster(int masters) {
		return startCluster(masters, RedisExecutable.resolve());
	}

	/**
	 * Starts a Redis Cluster of masters with a given binary, as {@link #startCluster(int)} does.
	 * @param masters how many masters, at least 3
	 * @param executable the {@code redis-server} binary, such as {@link #embeddedExecutable()}
	 * @return the running cluster
	 * @throws IllegalStateException if the cluster does not form
	 */
	public static LocalRedis startCluster(int masters, Path executable) {
		if (masters < MIN_MASTERS) {
			throw new IllegalArgumentException("A Redis Cluster needs at least " + MIN_MASTERS + " masters, not "
					+ masters);
		}
		LocalRedis redis = new LocalRedis(executable, true);
		return redis.startingOrClosed(() -> {
			for (int i = 0; i < masters; i++) {
				redis.startNode(List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
						"--cluster-node-timeout", CLUSTER_NODE_TIMEOUT_MILLIS));
			}
			new ClusterFormation(redis.nodes, SLOTS, COMMAND_TIMEOUT).form(CLUSTER_TIMEOUT);
		});
	}

	/**
	 * The {@code redis-server} that {@code com.github.codemonstur:embedded-redis} ships for this
	 * operating system and architecture, copied to an executable temporary file, for a test that
	 * must run it even where Redis is installed.
	 * @return the binary
	 * @throws IllegalStateException if the artifact is not on the class path or has no binary for
	 * this machine
	 */
	public static Path embeddedExecutable() {
		return RedisExecutable.embedded(RedisExecutable.class.getClassLoader());
	}

	/**
	 * The port of a single server.
	 * @return the port
	 * @throws IllegalStateException on a cluster (see {@link #nodes()})
	 */
	public int port() {
		return singleNode("port()").port();
	}

	/**
	 * The address of every node, as Spring Boot's {@code spring.data.redis.cluster.nodes} takes
	 * it: {@code 127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003}.
	 * @return the addresses, separated by commas
	 */
	public String nodes() {
		return this.nodes.stream().map(RedisNode::toString).collect(Collectors.joining(","));
	}

	/**
	 * The Spring Boot properties that connect to these servers:
	 * {@code spring.data.redis.host} and {@code spring.data.redis.port} for a single server,
	 * {@code spring.data.redis.cluster.nodes} for a cluster.
	 * @return the properties as {@code key=value} pairs
	 */
	public String[] springProperties() {
		if (this.cluster) {
			return new String[] { "spring.data.redis.cluster.nodes=" + nodes() };
		}
		return new String[] { "spring.data.redis.host=" + RespClient.HOST, "spring.data.redis.port=" + port() };
	}

	/**
	 * Stops a single server at once, as a crash would, keeping its port for {@link #restart()}.
	 * @throws IllegalStateException on a cluster
	 */
	public synchronized void kill() {
		singleNode("kill()").kill();
	}

	/**
	 * Starts a single server again on the same port, empty, and waits until it answers; kills it
	 * first if it runs.
	 * @throws IllegalStateException on a cluster, once closed, or if it does not start
	 */
	public synchronized void restart() {
		RedisNode node = singleNode("restart()");
		if (this.closed) {
			throw new IllegalStateException("restart() after close(): " + this + " is closed");
		}
		node.kill();
		node.start();
	}

	/**
	 * Stops every server and deletes the temporary files; idempotent.
	 */
	@Override
	public synchronized void close() {
		this.closed = true;
		this.nodes.forEach(RedisNode::kill);
		deleteDirectory();
		open.remove(this);
	}

	/**
	 * The process ids of the servers that run.
	 * @return the ids
	 */
	List<Long> pids() {
		return this.nodes.stream().filter(RedisNode::isAlive).map(RedisNode::pid).toList();
	}

	/**
	 * The binary these servers run.
	 * @return the binary
	 */
	Path executable() {
		return this.executable;
	}

	/**
	 * The temporary directory of the servers' working directories and logs.
	 * @return the directory
	 */
	Path directory() {
		return this.directory;
	}

	@Override
	public String toString() {
		return "LocalRedis" + (this.cluster ? " cluster " : " ") + nodes();
	}

	private LocalRedis startingOrClosed(Runnable starting) {
		try {
			starting.run();
			return this;
		}
		catch (RuntimeException ex) {
			close();
			throw ex;
		}
	}

	// another process may bind a free port between our choosing it and Redis binding it
	private void startNode(List<String> options) {
		for (int attempt = 1;; attempt++) {
			int port = freePort(this.cluster);
			RedisNode node = new RedisNode(this.executable, this.directory.resolve("node-" + port), port, options);
			this.nodes.add(node);
			try {
				node.start();
				return;
			}
			catch (RedisNodeStartException ex) {
				this.nodes.remove(node);
				if (!ex.portTaken() || attempt == START_ATTEMPTS) {
					throw ex;
				}
			}
		}
	}

	private RedisNode singleNode(String operation) {
		if (this.cluster) {
			throw new IllegalStateException(operation + " is for a single server, and this is a cluster of "
					+ this.nodes.size() + " nodes");
		}
		return this.nodes.get(0);
	}

	// the JVM is exiting: no lock, no waiting
	private void destroy() {
		this.nodes.forEach(RedisNode::destroyNow);
		deleteDirectory();
	}

	private void deleteDirectory() {
		if (!Files.exists(this.directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(this.directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException | UncheckedIOException ex) {
			// a temporary directory left behind is not worth failing a test for
		}
	}

	private static int freePort(boolean cluster) {
		for (int attempt = 0; attempt < 100; attempt++) {
			int port = bindable(0);
			if (!cluster || (port + CLUSTER_BUS_OFFSET <= 65535 && bindable(port + CLUSTER_BUS_OFFSET) > 0)) {
				return port;
			}
		}
		throw new IllegalStateException("Found no free port on " + RespClient.HOST + " whose cluster bus port "
				+ "(+" + CLUSTER_BUS_OFFSET + ") is free too");
	}

	// the port bound, or -1 if it is taken
	private static int bindable(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(RespClient.HOST))) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			if (port == 0) {
				throw new UncheckedIOException("Could not bind a free port of " + RespClient.HOST, ex);
			}
			return -1;
		}
	}

}
