package dev.clauderesilience.test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A failure the {@link ClaudeSimulator} answers a {@code POST /v1/messages} request with instead
 * of a normal reply. Create one with the static factories or {@link #parse(String)}; any fault
 * can also carry {@link #withHeaders(Map) response headers} that replace the simulator's own.
 *
 * @param kind what goes wrong
 * @param status the HTTP status answered, 0 when no response is sent
 * @param duration the {@code retry-after} of a 429, the delay of {@link Kind#DELAY}, the ping
 * interval of {@link Kind#PINGS_ONLY} or the pause between pieces of {@link Kind#DRIP}, else
 * {@code null}
 * @param until the date a spend limit lifts, else {@code null}
 * @param bytes the body size of {@link Kind#OVERSIZED_BODY}, else 0
 * @param headers response headers (names in lower case) that replace the simulator's values of
 * the same name, never {@code null}
 * @author claude-resilience
 * @since 0.1.0
 */
public record SimulatedFault(Kind kind, int status, Duration duration, LocalDate until, long bytes,
		Map<String, String> headers) {

	/**
	 * The kinds of simulated faults.
	 */
	public enum Kind {

		/** An API error with the status's {@code error.type}. */
		ERROR,

		/** A 429 for a reached monthly spend cap, without {@code retry-after}. */
		SPEND_LIMIT,

		/** A 502 with an HTML body, as a gateway sends. */
		HTML_BAD_GATEWAY,

		/** A 503 with an empty body. */
		EMPTY_SERVICE_UNAVAILABLE,

		/** The TCP connection is reset without any response. */
		CONNECTION_RESET,

		/** A normal answer after a delay. */
		DELAY,

		/** A 200 JSON body cut in the middle, then the connection closes. */
		TRUNCATED_BODY,

		/** A stream that breaks with an {@code error} event; a 529 for non-stream requests. */
		MID_STREAM_ERROR,

		/**
		 * A normal answer, with the fault's headers.
		 * @since 0.2.0
		 */
		ANSWER,

		/**
		 * A 200 that never ends: {@code ping} events forever, or headers and no body.
		 * @since 0.2.0
		 */
		PINGS_ONLY,

		/**
		 * The normal answer sent a few bytes at a time with a pause between pieces.
		 * @since 0.2.0
		 */
		DRIP,

		/**
		 * A 200 JSON message with a huge text block.
		 * @since 0.2.0
		 */
		OVERSIZED_BODY,

		/**
		 * A 400 {@code invalid_request_error} for reached API usage limits.
		 * @since 0.2.0
		 */
		SPEND_LIMIT_INVALID_REQUEST

	}

	/**
	 * Checks the values and keeps the headers in order, with lower-case names.
	 * @param kind what goes wrong
	 * @param status the HTTP status answered, 0 when no response is sent
	 * @param duration the duration of the kinds that have one, else {@code null}
	 * @param until the date a spend limit lifts, else {@code null}
	 * @param bytes the body size of {@link Kind#OVERSIZED_BODY}, else 0
	 * @param headers headers that replace the simulator's, {@code null} for none
	 */
	public SimulatedFault {
		Objects.requireNonNull(kind, "kind");
		Map<String, String> lowerCase = new LinkedHashMap<>();
		if (headers != null) {
			headers.forEach((name, value) -> lowerCase.put(name.toLowerCase(Locale.ROOT),
					Objects.requireNonNull(value, () -> "value of header " + name)));
		}
		headers = Collections.unmodifiableMap(lowerCase);
	}

	/**
	 * A fault without body size or headers, as in 0.1.
	 * @param kind what goes wrong
	 * @param status the HTTP status answered, 0 when no response is sent
	 * @param duration the {@code retry-after} of a 429 or the delay of {@link Kind#DELAY}, else
	 * {@code null}
	 * @param until the date a spend limit lifts, else {@code null}
	 */
	public SimulatedFault(Kind kind, int status, Duration duration, LocalDate until) {
		this(kind, status, duration, until, 0, Map.of());
	}

	/**
	 * This fault with more response headers, which replace the simulator's own values (and this
	 * fault's) of the same name; {@code content-length} stays the simulator's. For example
	 * {@code SimulatedFault.status(429).withHeaders(Map.of("retry-after", "99999999999"))} or
	 * {@code Map.of("retry-after-ms", "1e15")}.
	 * @param headers header values by name
	 * @return the fault with the headers
	 * @since 0.2.0
	 */
	public SimulatedFault withHeaders(Map<String, String> headers) {
		Map<String, String> merged = new LinkedHashMap<>(this.headers);
		headers.forEach((name, value) -> merged.put(name.toLowerCase(Locale.ROOT), value));
		return new SimulatedFault(this.kind, this.status, this.duration, this.until, this.bytes, merged);
	}

	/**
	 * An API error for the given status: 400, 401, 402, 403, 404, 409, 413, 429 (with a
	 * {@code retry-after} of 1 second), 500, 504, 529, or any other status as an {@code api_error}.
	 * @param status the HTTP status
	 * @return the fault
	 */
	public static SimulatedFault status(int status) {
		return new SimulatedFault(Kind.ERROR, status, (status == 429) ? Duration.ofSeconds(1) : null, null);
	}

	/**
	 * A 429 {@code rate_limit_error} with the given {@code retry-after}.
	 * @param retryAfter the wait announced (rounded up to whole seconds)
	 * @return the fault
	 */
	public static SimulatedFault rateLimited(Duration retryAfter) {
		return new SimulatedFault(Kind.ERROR, 429, retryAfter, null);
	}

	/**
	 * A 529 {@code overloaded_error}.
	 * @return the fault
	 */
	public static SimulatedFault overloaded() {
		return status(529);
	}

	/**
	 * A 429 with {@code error.details.error_code = "enforced_spend_limit_reached"} and no
	 * {@code retry-after}.
	 * @param until the date named in the message as the one access comes back
	 * @return the fault
	 */
	public static SimulatedFault spendLimitReached(LocalDate until) {
		return new SimulatedFault(Kind.SPEND_LIMIT, 429, null, until);
	}

	/**
	 * A 502 with a {@code text/html} body.
	 * @return the fault
	 */
	public static SimulatedFault htmlBadGateway() {
		return new SimulatedFault(Kind.HTML_BAD_GATEWAY, 502, null, null);
	}

	/**
	 * A 503 with an empty body.
	 * @return the fault
	 */
	public static SimulatedFault emptyServiceUnavailable() {
		return new SimulatedFault(Kind.EMPTY_SERVICE_UNAVAILABLE, 503, null, null);
	}

	/**
	 * Closes the connection (TCP reset) without sending a response.
	 * @return the fault
	 */
	public static SimulatedFault connectionReset() {
		return new SimulatedFault(Kind.CONNECTION_RESET, 0, null, null);
	}

	/**
	 * Waits, then answers normally (limits apply as usual).
	 * @param delay how long to wait before answering
	 * @return the fault
	 */
	public static SimulatedFault delay(Duration delay) {
		return new SimulatedFault(Kind.DELAY, 200, delay, null);
	}

	/**
	 * A 200 whose JSON body is cut in the middle: the {@code content-length} announces the whole
	 * body, half of it is sent, then the connection closes.
	 * @return the fault
	 */
	public static SimulatedFault truncatedBody() {
		return new SimulatedFault(Kind.TRUNCATED_BODY, 200, null, null);
	}

	/**
	 * For stream requests, {@code message_start}, a few text deltas, then an {@code error} event
	 * ({@code overloaded_error}); for non-stream requests a 529.
	 * @return the fault
	 */
	public static SimulatedFault midStreamError() {
		return new SimulatedFault(Kind.MID_STREAM_ERROR, 200, null, null);
	}

	/**
	 * A normal answer (limits apply as usual) whose response headers are replaced by the given
	 * ones, such as {@code Map.of("anthropic-ratelimit-output-tokens-remaining", "0",
	 * "anthropic-ratelimit-output-tokens-reset", "2099-01-01T00:00:00Z")}.
	 * @param headers header values by name
	 * @return the fault
	 * @since 0.2.0
	 */
	public static SimulatedFault answerWithHeaders(Map<String, String> headers) {
		return new SimulatedFault(Kind.ANSWER, 200, null, null, 0, headers);
	}

	/**
	 * A 200 that never finishes, until the client disconnects or the simulator stops: for stream
	 * requests {@code message_start}, then only {@code ping} events, one per interval; for other
	 * requests the response headers, then no body bytes at all. It consumes no limit capacity.
	 * @param interval the time between two pings
	 * @return the fault
	 * @since 0.2.0
	 */
	public static SimulatedFault pingsOnly(Duration interval) {
		if (interval.isNegative() || interval.isZero()) {
			throw new IllegalArgumentException("interval must be positive: " + interval);
		}
		return new SimulatedFault(Kind.PINGS_ONLY, 200, interval, null);
	}

	/**
	 * The normal answer (JSON or SSE, limits apply as usual) sent in pieces of a few bytes with a
	 * pause before each, so that it takes long although the connection is never silent for
	 * long.
	 * @param perChunk the pause before each piece
	 * @return the fault
	 * @since 0.2.0
	 */
	public static SimulatedFault drip(Duration perChunk) {
		if (perChunk.isNegative()) {
			throw new IllegalArgumentException("perChunk must not be negative: " + perChunk);
		}
		return new SimulatedFault(Kind.DRIP, 200, perChunk, null);
	}

	/**
	 * A 200 {@code application/json} message of about {@code bytes} bytes (one huge text block,
	 * whatever {@code max_tokens} and {@code stream} say), with its {@code content-length},
	 * generated while it is sent so that it needs little memory. It consumes no limit capacity.
	 * @param bytes the body size
	 * @return the fault
	 * @since 0.2.0
	 */
	public static SimulatedFault oversizedBody(long bytes) {
		if (bytes < 1) {
			throw new IllegalArgumentException("bytes must be positive: " + bytes);
		}
		return new SimulatedFault(Kind.OVERSIZED_BODY, 200, null, null, bytes, Map.of());
	}

	/**
	 * The API's other shape of a reached spend cap: a 400 {@code invalid_request_error} with the
	 * message {@code You have reached your specified API usage limits. You will regain access on
	 * <until> at 00:00 UTC.}
	 * @param until the date named in the message as the one access comes back
	 * @return the fault
	 * @since 0.2.0
	 */
	public static SimulatedFault spendCapInvalidRequest(LocalDate until) {
		return new SimulatedFault(Kind.SPEND_LIMIT_INVALID_REQUEST, 400, null, Objects.requireNonNull(until, "until"));
	}

	/**
	 * Parses a fault from text, for configuration from properties: a status ({@code "529"}),
	 * {@code "429:PT30S"} (429 with retry-after), {@code "spend-limit"},
	 * {@code "spend-limit:2026-12-01"}, {@code "spend-limit-400"},
	 * {@code "spend-limit-400:2026-12-01"}, {@code "html-502"}, {@code "empty-503"},
	 * {@code "connection-reset"}, {@code "delay:PT2S"}, {@code "truncated-body"},
	 * {@code "mid-stream-error"}, {@code "answer"}, {@code "pings-only:PT15S"},
	 * {@code "drip:PT0.05S"}, {@code "oversized-body:100000000"}. Headers follow the fault as
	 * {@code ;name=value} pairs (values cannot contain {@code ;}), for example
	 * {@code "429;retry-after=99999999999"} or
	 * {@code "answer;anthropic-ratelimit-output-tokens-remaining=0"}.
	 * @param text the fault description
	 * @return the fault
	 * @throws IllegalArgumentException if the text is not understood
	 */
	public static SimulatedFault parse(String text) {
		String[] parts = text.split(";");
		String value = parts[0].trim().toLowerCase(Locale.ROOT);
		int colon = value.indexOf(':');
		String name = (colon < 0) ? value : value.substring(0, colon);
		String argument = (colon < 0) ? null : parts[0].trim().substring(colon + 1).trim();
		try {
			Map<String, String> headers = new LinkedHashMap<>();
			for (int i = 1; i < parts.length; i++) {
				int equals = parts[i].indexOf('=');
				if (equals < 1) {
					throw new IllegalArgumentException("Not a header: " + parts[i]);
				}
				headers.put(parts[i].substring(0, equals).trim(), parts[i].substring(equals + 1).trim());
			}
			return parseFault(name, argument).withHeaders(headers);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("Unknown simulated fault '" + text + "'", ex);
		}
	}

	private static SimulatedFault parseFault(String name, String argument) {
		return switch (name) {
			case "spend-limit" -> spendLimitReached(dateOrFarFuture(argument));
			case "spend-limit-400" -> spendCapInvalidRequest(dateOrFarFuture(argument));
			case "answer" -> answerWithHeaders(Map.of());
			case "pings-only" -> pingsOnly(Duration.parse(argument));
			case "drip" -> drip(Duration.parse(argument));
			case "oversized-body" -> oversizedBody(Long.parseLong(argument));
			case "html-502" -> htmlBadGateway();
			case "empty-503" -> emptyServiceUnavailable();
			case "connection-reset" -> connectionReset();
			case "delay" -> delay(Duration.parse(argument));
			case "truncated-body" -> truncatedBody();
			case "mid-stream-error" -> midStreamError();
			default -> (argument != null && Integer.parseInt(name) == 429) ? rateLimited(Duration.parse(argument))
					: status(Integer.parseInt(name));
		};
	}

	private static LocalDate dateOrFarFuture(String argument) {
		return (argument != null) ? LocalDate.parse(argument) : LocalDate.of(2099, 1, 1);
	}

}
