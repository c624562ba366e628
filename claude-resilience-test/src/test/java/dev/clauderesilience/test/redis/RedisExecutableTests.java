package dev.clauderesilience.test.redis;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class RedisExecutableTests {

	private static final ClassLoader CLASS_PATH = RedisExecutableTests.class.getClassLoader();

	// a class loader that sees no embedded-redis, as an application without the dependency
	private static final ClassLoader EMPTY_CLASS_PATH = new URLClassLoader(new URL[0], null);

	@TempDir
	Path directory;

	@Test
	void redisServerOnThePathShouldBeRunRatherThanTheEmbeddedOne() throws Exception {
		Path installed = installRedisServerIn(this.directory);
		String path = this.directory.resolve("empty") + File.pathSeparator + this.directory;
		Path resolved = RedisExecutable.resolve(null, path, EMPTY_CLASS_PATH);
		assertThat(resolved).isEqualTo(installed);
		try (LocalRedis redis = LocalRedis.start(resolved)) {
			assertThat(redis.executable()).isEqualTo(installed);
			assertThat(RespClient.pings(redis.port())).isTrue();
		}
	}

	@Test
	void overrideShouldWinOverThePath() throws Exception {
		installRedisServerIn(this.directory);
		Path embedded = RedisExecutable.embedded(CLASS_PATH);
		assertThat(RedisExecutable.resolve(embedded.toString(), this.directory.toString(), EMPTY_CLASS_PATH))
			.isEqualTo(embedded);
	}

	@Test
	void overrideAsASystemPropertyShouldBeWhatStartRuns() {
		Path embedded = RedisExecutable.embedded(CLASS_PATH);
		String previous = System.getProperty(RedisExecutable.OVERRIDE);
		System.setProperty(LocalRedis.EXECUTABLE_PROPERTY, embedded.toString());
		try (LocalRedis redis = LocalRedis.start()) {
			assertThat(redis.executable()).isEqualTo(embedded);
			assertThat(RespClient.pings(redis.port())).isTrue();
		}
		finally {
			if (previous != null) {
				System.setProperty(RedisExecutable.OVERRIDE, previous);
			}
			else {
				System.clearProperty(RedisExecutable.OVERRIDE);
			}
		}
	}

	@Test
	void overrideThatIsNotExecutableShouldFailNamingIt() {
		String missing = this.directory.resolve("no-such-redis-server").toString();
		assertThatIllegalStateException().isThrownBy(() -> RedisExecutable.resolve(missing, "", CLASS_PATH))
			.withMessage("CLAUDE_RESILIENCE_REDIS_SERVER is " + missing + ", which is not an executable file");
	}

	// a machine with nothing installed but a JDK: no override, no redis-server in any directory
	// of the PATH, only the test dependency embedded-redis
	@Test
	void nothingOnThePathShouldStartTheShippedBinaryWhichAnswersPing() {
		Path empty = this.directory.resolve("bin");
		String path = empty + File.pathSeparator + this.directory.resolve("usr-bin");
		Path resolved = RedisExecutable.resolve(null, path, CLASS_PATH);
		assertThat(resolved).isEqualTo(RedisExecutable.embedded(CLASS_PATH)).isExecutable();
		try (LocalRedis redis = LocalRedis.start(resolved);
				RespClient client = RespClient.connect(redis.port(), Duration.ofSeconds(5))) {
			assertThat(redis.executable()).isEqualTo(resolved);
			assertThat(client.command("PING")).isEqualTo("PONG");
			assertThat(client.command("INFO", "server")).asString().contains("redis_version:6.2.");
		}
	}

	@Test
	void nothingAtAllShouldFailNamingEveryWayToFixIt() {
		assertThatIllegalStateException()
			.isThrownBy(() -> RedisExecutable.resolve(null, this.directory.toString(), EMPTY_CLASS_PATH))
			.withMessageContaining("install Redis (redis-server on the PATH)")
			.withMessageContaining("set CLAUDE_RESILIENCE_REDIS_SERVER")
			.withMessageContaining("com.github.codemonstur:embedded-redis:1.4.3");
	}

	@Test
	void embeddedResourceShouldMatchTheOperatingSystemAndArchitecture() {
		assertThat(RedisExecutable.embeddedResource("Linux", "amd64")).isEqualTo("redis-server-6.2.6-v5-linux-amd64");
		assertThat(RedisExecutable.embeddedResource("Linux", "aarch64")).isEqualTo("redis-server-6.2.7-linux-arm64");
		assertThat(RedisExecutable.embeddedResource("Linux", "i386")).isEqualTo("redis-server-6.2.7-linux-386");
		assertThat(RedisExecutable.embeddedResource("Mac OS X", "aarch64"))
			.isEqualTo("redis-server-6.2.6-v5-darwin-arm64");
		assertThat(RedisExecutable.embeddedResource("Mac OS X", "x86_64"))
			.isEqualTo("redis-server-6.2.6-v5-darwin-amd64");
		assertThat(RedisExecutable.embeddedResource("Windows 11", "amd64")).isNull();
		assertThat(RedisExecutable.embeddedResource("Linux", "riscv64")).isNull();
	}

	@Test
	void everyEmbeddedResourceShouldBeOnTheClassPath() {
		for (String[] platform : new String[][] { { "Linux", "amd64" }, { "Linux", "aarch64" }, { "Linux", "x86" },
				{ "Mac OS X", "aarch64" }, { "Mac OS X", "x86_64" } }) {
			assertThat(CLASS_PATH.getResource(RedisExecutable.embeddedResource(platform[0], platform[1]))).isNotNull();
		}
	}

	@Test
	void embeddedBinaryShouldBeCopiedOncePerJvm() {
		assertThat(RedisExecutable.embedded(CLASS_PATH)).isSameAs(RedisExecutable.embedded(CLASS_PATH));
		assertThat(LocalRedis.embeddedExecutable()).isEqualTo(RedisExecutable.embedded(CLASS_PATH));
	}

	// as a package manager would: an executable named redis-server in a directory of the PATH
	private static Path installRedisServerIn(Path directory) throws Exception {
		Path installed = Files.copy(RedisExecutable.embedded(CLASS_PATH), directory.resolve("redis-server"));
		assertThat(installed.toFile().setExecutable(true)).isTrue();
		return installed;
	}

}
