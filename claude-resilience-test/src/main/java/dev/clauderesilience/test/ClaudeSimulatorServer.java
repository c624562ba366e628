package dev.clauderesilience.test;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Runs a {@link ClaudeSimulator} as a program, for clients in any language:
 * {@code java -jar claude-resilience-test-<version>-standalone.jar --port=8089}. When it listens it
 * prints one line with its base URL and API key; it stops on SIGTERM or Ctrl-C. {@code --help}
 * lists the options; an invalid one ends it with status 2.
 *
 * @author claude-resilience
 * @since 0.2.0
 */
public final class ClaudeSimulatorServer {

	static final int DEFAULT_PORT = 8089;

	static final String READY = "Claude simulator ready at ";

	static final String STOPPED = "Claude simulator stopped";

	private static final int USAGE_ERROR = 2;

	private static final int START_ERROR = 1;

	private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

	private ClaudeSimulatorServer() {
	}

	/**
	 * Starts the simulator with the options of the command line and runs until the JVM stops.
	 * @param args the options, see {@code --help}
	 * @throws InterruptedException if interrupted while running
	 */
	public static void main(String[] args) throws InterruptedException {
		if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
			System.out.print(usage());
			return;
		}
		quietLoggingWithoutProvider();
		ClaudeSimulator simulator;
		try {
			simulator = start(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println("claude-simulator: " + ex.getMessage() + " (see --help)");
			System.exit(USAGE_ERROR);
			return;
		}
		catch (RuntimeException ex) {
			System.err.println("claude-simulator: cannot start: " + ex.getMessage());
			System.exit(START_ERROR);
			return;
		}
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			simulator.stop();
			System.out.println(STOPPED);
			stopped.countDown();
		}, "claude-simulator-shutdown"));
		System.out.println(readyLine(simulator));
		stopped.await();
	}

	/**
	 * Parses the options and starts the simulator, without printing or exiting.
	 * @throws IllegalArgumentException naming the option that is invalid
	 */
	static ClaudeSimulator start(String... args) {
		// a server left running keeps only the latest requests
		ClaudeSimulator.Builder builder = ClaudeSimulator.builder().port(DEFAULT_PORT).journalCapacity(10_000);
		List<String> outages = new ArrayList<>();
		List<String> models = new ArrayList<>();
		boolean anyModel = false;
		long requests = 0;
		long inputTokens = 0;
		long outputTokens = 0;
		Duration burst = SimulatedLimits.DEFAULT_BURST;
		for (String arg : args) {
			int equals = arg.indexOf('=');
			String option = (equals < 0) ? arg : arg.substring(0, equals);
			String value = (equals < 0) ? null : arg.substring(equals + 1);
			try {
				switch (option) {
					case "--port" -> builder.port((int) number(value, 0, 65535));
					case "--api-key" -> builder.apiKey(text(value));
					case "--requests-per-minute" -> requests = number(value, 0, Long.MAX_VALUE);
					case "--input-tokens-per-minute" -> inputTokens = number(value, 0, Long.MAX_VALUE);
					case "--output-tokens-per-minute" -> outputTokens = number(value, 0, Long.MAX_VALUE);
					case "--burst" -> burst = positive(duration(value));
					case "--generation-delay-per-token" -> builder.generationDelayPerToken(duration(value));
					case "--fault-rate" -> faultRate(builder, text(value));
					case "--outage" -> outages.add(text(value));
					case "--models" -> models.addAll(List.of(text(value).split(",")));
					case "--accept-any-model" -> anyModel = flag(value);
					case "--output-tokens-between" -> outputTokensBetween(builder, text(value));
					case "--seed" -> builder.seed(number(value, Long.MIN_VALUE, Long.MAX_VALUE));
					default -> throw new IllegalArgumentException(
							arg.startsWith("--") ? "unknown option" : "unexpected argument, options look like --name=value");
				}
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException(option + ": " + ex.getMessage(), ex);
			}
		}
		if (anyModel) {
			builder.acceptAnyModel();
		}
		else if (!models.isEmpty()) {
			builder.models(models.toArray(String[]::new));
		}
		ClaudeSimulator simulator = builder
			.defaultLimits(new SimulatedLimits(requests, inputTokens, outputTokens, burst))
			.build();
		outages.forEach(simulator::outage);
		return simulator.start();
	}

	/**
	 * The line printed when the simulator listens.
	 */
	static String readyLine(ClaudeSimulator simulator) {
		return READY + simulator.baseUrl() + " with API key " + simulator.apiKey();
	}

	static String usage() {
		return """
				Usage: java -jar claude-resilience-test-<version>-standalone.jar [options]

				A simulator of the Claude Messages API on 127.0.0.1 (POST /v1/messages and
				/v1/messages/count_tokens), with rate limits, faults and tool use.

				Options (durations as 20ms, 3s, 1m, 1h or ISO-8601 such as PT3S):
				  --port=N                               port to listen on, 0 for a free one (default 8089)
				  --api-key=KEY                          the only API key accepted (default sim-test-key)
				  --requests-per-minute=N                requests per minute per model group (default 0: unlimited)
				  --input-tokens-per-minute=N            input tokens per minute per model group (default 0: unlimited)
				  --output-tokens-per-minute=N           output tokens per minute per model group (default 0: unlimited)
				  --burst=DURATION                       how much of each rate a bucket holds (default 3s)
				  --generation-delay-per-token=DURATION  time to generate one output token (default 0)
				  --fault-rate=FAULT:RATE                answer that share of requests with a fault, such as 529:0.05,
				                                         429:PT30S:0.1 or mid-stream-error:0.02 (repeatable)
				  --outage=MODEL                         answer every request for that model with 529 (repeatable)
				  --models=ID,...                        the model ids or regular expressions answered, others get 404
				                                         (default: current ids and claude-<family>-<major>-<minor>)
				  --accept-any-model                     answer any model id
				  --output-tokens-between=MIN:MAX        answer lengths in tokens, picked from the prompt (default 20:60)
				  --seed=N                               seed of the random faults
				  --help                                 print this help

				It prints one line with the base URL and key when ready, and stops on SIGTERM or Ctrl-C.
				""";
	}

	private static void faultRate(ClaudeSimulator.Builder builder, String value) {
		int colon = value.lastIndexOf(':');
		if (colon < 1) {
			throw new IllegalArgumentException("expected FAULT:RATE such as 529:0.05, got '" + value + "'");
		}
		double rate = decimal(value.substring(colon + 1));
		if (rate < 0 || rate > 1) {
			throw new IllegalArgumentException("rate must be between 0 and 1: " + rate);
		}
		builder.faultRate(SimulatedFault.parse(value.substring(0, colon)), rate);
	}

	private static void outputTokensBetween(ClaudeSimulator.Builder builder, String value) {
		String[] range = value.split(":");
		if (range.length != 2) {
			throw new IllegalArgumentException("expected MIN:MAX such as 20:200, got '" + value + "'");
		}
		builder.outputTokensBetween((int) number(range[0], 1, Integer.MAX_VALUE),
				(int) number(range[1], 1, Integer.MAX_VALUE));
	}

	private static boolean flag(String value) {
		if (value != null) {
			throw new IllegalArgumentException("takes no value");
		}
		return true;
	}

	private static String text(String value) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("needs a value");
		}
		return value.trim();
	}

	private static long number(String value, long min, long max) {
		long number;
		try {
			number = Long.parseLong(text(value));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("not a whole number: '" + value + "'");
		}
		if (number < min || number > max) {
			throw new IllegalArgumentException("must be between " + min + " and " + max + ": " + number);
		}
		return number;
	}

	private static double decimal(String value) {
		try {
			return Double.parseDouble(text(value));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("not a number: '" + value + "'");
		}
	}

	private static Duration duration(String value) {
		String text = text(value).toLowerCase(Locale.ROOT);
		Matcher matcher = SHORT_DURATION.matcher(text);
		if (text.equals("0")) {
			return Duration.ZERO;
		}
		if (matcher.matches()) {
			long amount = Long.parseLong(matcher.group(1));
			return switch (matcher.group(2)) {
				case "ms" -> Duration.ofMillis(amount);
				case "s" -> Duration.ofSeconds(amount);
				case "m" -> Duration.ofMinutes(amount);
				default -> Duration.ofHours(amount);
			};
		}
		Duration duration;
		try {
			duration = Duration.parse(text);
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("not a duration such as 20ms, 3s or PT3S: '" + value + "'");
		}
		if (duration.isNegative()) {
			throw new IllegalArgumentException("must not be negative: '" + value + "'");
		}
		return duration;
	}

	private static Duration positive(Duration duration) {
		if (duration.isZero()) {
			throw new IllegalArgumentException("must be positive");
		}
		return duration;
	}

	/**
	 * The standalone jar has no SLF4J provider: rather than SLF4J's warning on every start, no
	 * logs, unless the user chose a provider.
	 */
	private static void quietLoggingWithoutProvider() {
		if (System.getProperty("slf4j.provider") == null
				&& ServiceLoader.load(SLF4JServiceProvider.class).findFirst().isEmpty()) {
			System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
			System.setProperty("slf4j.internal.verbosity", "WARN");
		}
	}

}
