package dev.clauderesilience.test.redis;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.clauderesilience.test.redis.RespClient.ErrorReply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RespClientTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	@Test
	void simpleStringReplyShouldBeAString() {
		try (LocalRedis redis = LocalRedis.start(); RespClient client = connect(redis)) {
			assertThat(client.command("SET", "simple", "value")).isEqualTo("OK");
		}
	}

	@Test
	void bulkStringShouldKeepLineBreaksEmptinessAndUtf8() {
		try (LocalRedis redis = LocalRedis.start(); RespClient client = connect(redis)) {
			client.command("SET", "bulk", "line one\r\nline two, naïve ✓");
			client.command("SET", "empty", "");
			assertThat(client.command("GET", "bulk")).isEqualTo("line one\r\nline two, naïve ✓");
			assertThat(client.command("GET", "empty")).isEqualTo("");
			assertThat(client.command("GET", "missing")).isNull();
		}
	}

	@Test
	void integerReplyShouldBeALong() {
		try (LocalRedis redis = LocalRedis.start(); RespClient client = connect(redis)) {
			assertThat(client.command("INCRBY", "counter", "5000000000")).isEqualTo(5_000_000_000L);
		}
	}

	@Test
	void arrayReplyShouldBeAListOfItsElements() {
		try (LocalRedis redis = LocalRedis.start(); RespClient client = connect(redis)) {
			client.command("RPUSH", "list", "a", "b");
			assertThat(client.command("LRANGE", "list", "0", "-1")).isEqualTo(List.of("a", "b"));
			assertThat(client.command("MGET", "list-missing", "list-missing-too")).isEqualTo(Arrays.asList(null, null));
			assertThat(client.command("LRANGE", "list-missing", "0", "-1")).isEqualTo(List.of());
		}
	}

	@Test
	void errorReplyShouldBeThrownWithItsPrefix() {
		try (LocalRedis redis = LocalRedis.start(); RespClient client = connect(redis)) {
			assertThatExceptionOfType(ErrorReply.class).isThrownBy(() -> client.command("NO-SUCH-COMMAND"))
				.satisfies((ex) -> assertThat(ex.prefix()).isEqualTo("ERR"))
				.withMessageContaining("unknown command");
			// the connection is still usable after an error
			assertThat(client.command("PING")).isEqualTo("PONG");
		}
	}

	@Test
	void errorInsideAnArrayShouldBeAnElement() {
		try (LocalRedis redis = LocalRedis.start(); RespClient client = connect(redis)) {
			client.command("SET", "text", "not a number");
			client.command("MULTI");
			client.command("INCR", "text");
			client.command("PING");
			List<?> results = (List<?>) client.command("EXEC");
			assertThat(results).hasSize(2);
			assertThat(results.get(0)).isInstanceOf(ErrorReply.class);
			assertThat(results.get(1)).isEqualTo("PONG");
		}
	}

	@Test
	void pingsShouldBeFalseWhereNothingListens() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		assertThat(RespClient.pings(port)).isFalse();
		try (LocalRedis redis = LocalRedis.start()) {
			assertThat(RespClient.pings(redis.port())).isTrue();
		}
		int closed = port;
		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> RespClient.connect(closed, TIMEOUT))
			.withMessage("Could not connect to Redis at 127.0.0.1:" + closed);
	}

	private static RespClient connect(LocalRedis redis) {
		return RespClient.connect(redis.port(), TIMEOUT);
	}

}
