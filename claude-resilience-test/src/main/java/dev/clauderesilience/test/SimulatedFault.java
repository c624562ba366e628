package dev.clauderesilience.test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Locale;

/**
 * A failure the {@link ClaudeSimulator} answers a {@code POST /v1/messages} request with instead
 * of a normal reply. Create one with the static factories or {@link #parse(String)}.
 *
 * @param kind what goes wrong
 * @param status the HTTP status answered, 0 when no response is sent
 * @param duration the {@code retry-after} of a 429 or the delay of {@link Kind#DELAY}, else
 * {@code null}
 * @param until the date a spend limit lifts, else {@code null}
 * @author claude-resilience
 * @since 0.1.0
 */
public record SimulatedFault(Kind kind, int status, Duration duration, LocalDate until) {

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
		MID_STREAM_ERROR

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
	 * Parses a fault from text, for configuration from properties: a status ({@code "529"}),
	 * {@code "429:PT30S"} (429 with retry-after), {@code "spend-limit"},
	 * {@code "spend-limit:2026-12-01"}, {@code "html-502"}, {@code "empty-503"},
	 * {@code "connection-reset"}, {@code "delay:PT2S"}, {@code "truncated-body"},
	 * {@code "mid-stream-error"}.
	 * @param text the fault description
	 * @return the fault
	 * @throws IllegalArgumentException if the text is not understood
	 */
	public static SimulatedFault parse(String text) {
		String value = text.trim().toLowerCase(Locale.ROOT);
		int colon = value.indexOf(':');
		String name = (colon < 0) ? value : value.substring(0, colon);
		String argument = (colon < 0) ? null : text.trim().substring(colon + 1).trim();
		try {
			return switch (name) {
				case "spend-limit" -> spendLimitReached(
						(argument != null) ? LocalDate.parse(argument) : LocalDate.of(2099, 1, 1));
				case "html-502" -> htmlBadGateway();
				case "empty-503" -> emptyServiceUnavailable();
				case "connection-reset" -> connectionReset();
				case "delay" -> delay(Duration.parse(argument));
				case "truncated-body" -> truncatedBody();
				case "mid-stream-error" -> midStreamError();
				default -> (argument != null && Integer.parseInt(name) == 429)
						? rateLimited(Duration.parse(argument)) : status(Integer.parseInt(name));
			};
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("Unknown simulated fault '" + text + "'", ex);
		}
	}

}
