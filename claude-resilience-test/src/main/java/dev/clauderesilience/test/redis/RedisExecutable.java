package dev.clauderesilience.test.redis;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the {@code redis-server} to run: the one named by {@value #OVERRIDE} (a system property,
 * then an environment variable), else the first on the {@code PATH}, else the binary for this
 * operating system and architecture that the {@code com.github.codemonstur:embedded-redis}
 * artifact ships as a class path resource, copied to an executable temporary file.
 */
final class RedisExecutable {

	static final String OVERRIDE = "CLAUDE_RESILIENCE_REDIS_SERVER";

	static final String EMBEDDED_ARTIFACT = "com.github.codemonstur:embedded-redis:1.4.3";

	// one copy of a shipped binary per JVM, however many servers run it
	private static final Map<String, Path> extracted = new ConcurrentHashMap<>();

	private RedisExecutable() {
	}

	static Path resolve() {
		String override = System.getProperty(OVERRIDE);
		if (override == null || override.isBlank()) {
			override = System.getenv(OVERRIDE);
		}
		return resolve(override, System.getenv("PATH"), RedisExecutable.class.getClassLoader());
	}

	static Path resolve(String override, String searchPath, ClassLoader classLoader) {
		if (override != null && !override.isBlank()) {
			Path path = Path.of(override);
			if (!isExecutableFile(path)) {
				throw new IllegalStateException(OVERRIDE + " is " + override + ", which is not an executable file");
			}
			return path;
		}
		Path onPath = onPath(searchPath);
		return (onPath != null) ? onPath : embedded(classLoader);
	}

	/**
	 * The binary that {@code embedded-redis} ships for this machine, copied out of the class path.
	 * @param classLoader the class loader to find it with
	 * @return its executable copy
	 * @throws IllegalStateException if the artifact is missing or has no binary for this machine
	 */
	static Path embedded(ClassLoader classLoader) {
		String platform = System.getProperty("os.name") + "/" + System.getProperty("os.arch");
		String resource = embeddedResource(System.getProperty("os.name"), System.getProperty("os.arch"));
		if (resource == null || classLoader.getResource(resource) == null) {
			throw new IllegalStateException("No redis-server to run on " + platform + ": install Redis (redis-server "
					+ "on the PATH) or set " + OVERRIDE + " (system property or environment variable) to a "
					+ "redis-server binary; on Linux and macOS, adding the test dependency " + EMBEDDED_ARTIFACT
					+ " (without its redis.clients:jedis) also works");
		}
		return extracted.computeIfAbsent(resource, (name) -> extract(name, classLoader));
	}

	/**
	 * The name of the resource of {@code embedded-redis} 1.4.3 that runs on a platform.
	 * @param osName the {@code os.name}
	 * @param osArch the {@code os.arch}
	 * @return the resource name, or {@code null} if none runs there
	 */
	static String embeddedResource(String osName, String osArch) {
		String os = osName.toLowerCase(Locale.ROOT);
		String arch = osArch.toLowerCase(Locale.ROOT);
		boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
		boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
		if (os.startsWith("linux")) {
			if (x64) {
				return "redis-server-6.2.6-v5-linux-amd64";
			}
			if (arm64) {
				return "redis-server-6.2.7-linux-arm64";
			}
			if (arch.equals("x86") || arch.equals("i386") || arch.equals("i686")) {
				return "redis-server-6.2.7-linux-386";
			}
		}
		if (os.startsWith("mac")) {
			if (x64) {
				return "redis-server-6.2.6-v5-darwin-amd64";
			}
			if (arm64) {
				return "redis-server-6.2.6-v5-darwin-arm64";
			}
		}
		return null;
	}

	private static Path onPath(String searchPath) {
		if (searchPath == null) {
			return null;
		}
		for (String directory : searchPath.split(File.pathSeparator)) {
			if (!directory.isEmpty()) {
				Path candidate = Path.of(directory, "redis-server");
				if (isExecutableFile(candidate)) {
					return candidate;
				}
			}
		}
		return null;
	}

	private static boolean isExecutableFile(Path path) {
		return Files.isRegularFile(path) && Files.isExecutable(path);
	}

	private static Path extract(String resource, ClassLoader classLoader) {
		try (InputStream in = classLoader.getResourceAsStream(resource)) {
			Path directory = Files.createTempDirectory("claude-resilience-redis-");
			Path binary = directory.resolve(resource);
			Files.copy(in, binary, StandardCopyOption.REPLACE_EXISTING);
			if (!binary.toFile().setExecutable(true, true)) {
				throw new IllegalStateException("Could not make " + binary + " executable");
			}
			// deleted in reverse order of registration: the file first, then its directory
			directory.toFile().deleteOnExit();
			binary.toFile().deleteOnExit();
			return binary;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not copy " + resource + " out of the class path", ex);
		}
	}

}
