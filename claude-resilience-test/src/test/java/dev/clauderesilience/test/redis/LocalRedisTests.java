package dev.clauderesilience.test.redis;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.clauderesilience.test.redis.RespClient.ErrorReply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class LocalRedisTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	@Test
	void startShouldRunOneServerThatAnswersPingAndKeepsValues() {
		try (LocalRedis redis = LocalRedis.start(); RespClient client = RespClient.connect(redis.port(), TIMEOUT)) {
			assertThat(client.command("PING")).isEqualTo("PONG");
			assertThat(client.command("SET", "greeting", "hello")).isEqualTo("OK");
			assertThat(client.command("GET", "greeting")).isEqualTo("hello");
			assertThat(redis.nodes()).isEqualTo("127.0.0.1:" + redis.port());
			assertThat(redis.springProperties()).containsExactly("spring.data.redis.host=127.0.0.1",
					"spring.data.redis.port=" + redis.port());
		}
	}

	@Test
	void startShouldRunWithoutPersistence() {
		try (LocalRedis redis = LocalRedis.start(); RespClient client = RespClient.connect(redis.port(), TIMEOUT)) {
			assertThat(client.command("CONFIG", "GET", "save")).isEqualTo(List.of("save", ""));
			assertThat(client.command("CONFIG", "GET", "appendonly")).isEqualTo(List.of("appendonly", "no"));
			assertThat(client.command("CONFIG", "GET", "bind")).isEqualTo(List.of("bind", "127.0.0.1"));
		}
	}

	@Test
	void killShouldStopTheServerAndRestartShouldBringItBackEmptyOnTheSamePort() {
		try (LocalRedis redis = LocalRedis.start()) {
			int port = redis.port();
			try (RespClient client = RespClient.connect(port, TIMEOUT)) {
				client.command("SET", "before", "kill");
			}
			redis.kill();
			assertThat(RespClient.pings(port)).isFalse();
			assertThat(redis.pids()).isEmpty();
			redis.restart();
			assertThat(redis.port()).isEqualTo(port);
			try (RespClient client = RespClient.connect(port, TIMEOUT)) {
				assertThat(client.command("PING")).isEqualTo("PONG");
				assertThat(client.command("GET", "before")).isNull();
			}
		}
	}

	@Test
	void restartAfterCloseShouldFail() {
		LocalRedis redis = LocalRedis.start();
		redis.close();
		assertThatIllegalStateException().isThrownBy(redis::restart).withMessageContaining("is closed");
		assertThat(redis.pids()).isEmpty();
	}

	@Test
	void restartWhileRunningShouldReplaceTheProcess() {
		try (LocalRedis redis = LocalRedis.start()) {
			List<Long> before = redis.pids();
			redis.restart();
			assertThat(redis.pids()).hasSize(1).doesNotContainAnyElementsOf(before);
			assertThat(RespClient.pings(redis.port())).isTrue();
		}
	}

	@Test
	void startWithTheEmbeddedExecutableShouldRunItWhateverThePathHas() {
		Path embedded = LocalRedis.embeddedExecutable();
		try (LocalRedis redis = LocalRedis.start(embedded); RespClient client = RespClient.connect(redis.port(), TIMEOUT)) {
			assertThat(redis.executable()).isEqualTo(embedded);
			assertThat(embedded.getFileName().toString()).startsWith("redis-server-6.2.");
			assertThat(client.command("INFO", "server")).asString().contains("redis_version:6.2.");
		}
	}

	@Test
	void closeShouldStopEveryProcessAndDeleteTheTemporaryFiles() {
		LocalRedis cluster = LocalRedis.startCluster(3);
		List<Long> pids = cluster.pids();
		List<Integer> ports = ports(cluster);
		Path directory = cluster.directory();
		assertThat(pids).hasSize(3);
		assertThat(directory).isDirectory();
		cluster.close();
		assertThat(pids).noneMatch((pid) -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
		assertThat(ports).noneMatch(RespClient::pings);
		assertThat(directory).doesNotExist();
		cluster.close();
	}

	@Test
	void startFailureShouldIncludeTheEndOfTheServerLog() throws Exception {
		Path failing = Files.createTempFile("redis-server-", ".sh");
		try {
			Files.writeString(failing, "#!/bin/sh\necho 'FATAL: no config for you'\nexit 3\n", StandardCharsets.UTF_8);
			assertThat(failing.toFile().setExecutable(true)).isTrue();
			assertThatIllegalStateException().isThrownBy(() -> LocalRedis.start(failing))
				.withMessageContaining("exited at start with code 3")
				.withMessageContaining("FATAL: no config for you");
		}
		finally {
			Files.delete(failing);
		}
	}

	@Test
	void startClusterShouldFormAClusterOfMastersServingEverySlot() {
		try (LocalRedis cluster = LocalRedis.startCluster(3)) {
			List<Integer> ports = ports(cluster);
			assertThat(ports).hasSize(3).doesNotHaveDuplicates();
			assertThat(cluster.springProperties()).containsExactly("spring.data.redis.cluster.nodes=" + cluster.nodes());
			for (int port : ports) {
				try (RespClient client = RespClient.connect(port, TIMEOUT)) {
					String info = (String) client.command("CLUSTER", "INFO");
					assertThat(info).contains("cluster_state:ok", "cluster_slots_assigned:16384",
							"cluster_known_nodes:3", "cluster_size:3");
					assertThat(ClusterFormation.slotMap(client.command("CLUSTER", "SLOTS"))).isEqualTo("0-5460@"
							+ ports.get(0) + " 5461-10921@" + ports.get(1) + " 10922-16383@" + ports.get(2));
				}
			}
		}
	}

	// the cluster tests of the Redis store run on whichever binary resolves; this one always runs
	// the shipped Redis 6.2, the one a machine without redis-server gets
	@Test
	void startClusterWithTheEmbeddedExecutableShouldServeEverySlot() {
		Path embedded = LocalRedis.embeddedExecutable();
		try (LocalRedis cluster = LocalRedis.startCluster(3, embedded)) {
			assertThat(cluster.executable()).isEqualTo(embedded);
			List<Integer> ports = ports(cluster);
			for (int port : ports) {
				try (RespClient client = RespClient.connect(port, TIMEOUT)) {
					assertThat(client.command("INFO", "server")).asString().contains("redis_version:6.2.");
					assertThat((String) client.command("CLUSTER", "INFO")).contains("cluster_state:ok",
							"cluster_slots_assigned:16384", "cluster_known_nodes:3", "cluster_size:3");
					assertThat(ClusterFormation.slotMap(client.command("CLUSTER", "SLOTS"))).isEqualTo("0-5460@"
							+ ports.get(0) + " 5461-10921@" + ports.get(1) + " 10922-16383@" + ports.get(2));
				}
			}
			String key = "claude-resilience:sonnet:requests";
			int slot = slot(key);
			int owner = ports.get((slot < 5461) ? 0 : (slot < 10922) ? 1 : 2);
			try (RespClient client = RespClient.connect(owner, TIMEOUT)) {
				assertThat(client.command("SET", key, "42")).isEqualTo("OK");
				assertThat(client.command("GET", key)).isEqualTo("42");
			}
		}
	}

	@Test
	void keyWrittenThroughTheNodeOwningItsSlotShouldReadBackAndOtherNodesShouldRedirect() {
		try (LocalRedis cluster = LocalRedis.startCluster(3)) {
			List<Integer> ports = ports(cluster);
			String key = "claude-resilience:sonnet:requests";
			int slot = slot(key);
			int owner = ports.get((slot < 5461) ? 0 : (slot < 10922) ? 1 : 2);
			try (RespClient client = RespClient.connect(owner, TIMEOUT)) {
				assertThat(client.command("CLUSTER", "KEYSLOT", key)).isEqualTo((long) slot);
				assertThat(client.command("SET", key, "42")).isEqualTo("OK");
				assertThat(client.command("GET", key)).isEqualTo("42");
			}
			int other = ports.stream().filter((port) -> port != owner).findFirst().orElseThrow();
			try (RespClient client = RespClient.connect(other, TIMEOUT)) {
				assertThatExceptionOfType(ErrorReply.class).isThrownBy(() -> client.command("GET", key))
					.withMessage("MOVED " + slot + " 127.0.0.1:" + owner);
			}
		}
	}

	@Test
	void killAndRestartOnAClusterShouldSayTheyAreForASingleServer() {
		try (LocalRedis cluster = LocalRedis.startCluster(3)) {
			assertThatIllegalStateException().isThrownBy(cluster::kill).withMessageContaining("single server");
			assertThatIllegalStateException().isThrownBy(cluster::restart).withMessageContaining("single server");
			assertThatIllegalStateException().isThrownBy(cluster::port).withMessageContaining("cluster of 3 nodes");
		}
	}

	@Test
	void startClusterWithFewerThanThreeMastersShouldFail() {
		assertThatIllegalArgumentException().isThrownBy(() -> LocalRedis.startCluster(2))
			.withMessageContaining("at least 3 masters");
	}

	private static List<Integer> ports(LocalRedis redis) {
		return Arrays.stream(redis.nodes().split(","))
			.map((node) -> Integer.parseInt(node.substring(node.indexOf(':') + 1)))
			.toList();
	}

	// Redis's key slot: CRC16 (XMODEM) of the key modulo 16384; these keys have no {hash tag}
	private static int slot(String key) {
		int crc = 0;
		for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
			crc ^= (b & 0xff) << 8;
			for (int bit = 0; bit < 8; bit++) {
				crc = ((crc & 0x8000) != 0) ? ((crc << 1) ^ 0x1021) : (crc << 1);
			}
			crc &= 0xffff;
		}
		return crc % 16384;
	}

}
