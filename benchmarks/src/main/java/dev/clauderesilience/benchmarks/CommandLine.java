package dev.clauderesilience.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The benchmarks' {@code --name=value} options.
 */
final class CommandLine {

	private CommandLine() {
	}

	static Map<String, String> options(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (String arg : args) {
			if (!arg.startsWith("--") || !arg.contains("=")) {
				throw new IllegalArgumentException("Expected --name=value, got '" + arg + "'");
			}
			options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
		}
		return options;
	}

}
