package dev.clauderesilience.errors;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;

import dev.clauderesilience.client.ClaudeApiException;
import dev.clauderesilience.client.ClaudeApiKeyMissingException;

/**
 * After a 401, fails further calls at once, without a request, for the back-off period, so that
 * a revoked key does not flood the API; logs the failure at ERROR at most once a minute and
 * publishes a {@link ClaudeAuthenticationFailedEvent}.
 *
 * @since 0.1.0
 */
public final class AuthenticationGuard {

	private static final Logger logger = LoggerFactory.getLogger(AuthenticationGuard.class);

	private static final Duration LOG_INTERVAL = Duration.ofMinutes(1);

	private final Duration backoff;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final AtomicReference<Failure> last = new AtomicReference<>();

	private final boolean keyMissing;

	private final AtomicReference<Instant> lastLogged = new AtomicReference<>(Instant.MIN);

	/**
	 * A guard.
	 * @param backoff how long calls fail at once after a 401
	 * @param clock the clock
	 * @param events where the event is published, or {@code null}
	 */
	public AuthenticationGuard(Duration backoff, Clock clock, ApplicationEventPublisher events) {
		this(backoff, clock, events, false);
	}

	/**
	 * A guard that may know from the start that no key is configured.
	 * @param backoff how long calls fail at once after a 401
	 * @param clock the clock
	 * @param events where the event is published, or {@code null}
	 * @param keyMissing whether no API key is configured: every call fails at once
	 */
	public AuthenticationGuard(Duration backoff, Clock clock, ApplicationEventPublisher events, boolean keyMissing) {
		this.backoff = backoff;
		this.clock = clock;
		this.events = events;
		this.keyMissing = keyMissing;
	}

	/**
	 * Whether no API key is configured.
	 * @return {@code true} when every call fails at once for want of a key
	 */
	public boolean isKeyMissing() {
		return this.keyMissing;
	}

	/**
	 * Throws the last 401 while the back-off lasts.
	 * @throws ClaudeApiException the last 401 (or what the classifier deems one) during the back-off
	 */
	public void check() {
		if (this.keyMissing) {
			throw ClaudeApiKeyMissingException.create();
		}
		Failure failure = this.last.get();
		if (failure != null && within(failure.at, this.clock.instant())) {
			throw failure.exception;
		}
	}

	// compared as durations: an instant plus a back-off of any length would overflow
	private boolean within(Instant failedAt, Instant now) {
		return Duration.between(failedAt, now).compareTo(this.backoff) < 0;
	}

	/**
	 * Records a 401.
	 * @param exception the failure
	 */
	public void failed(ClaudeApiException exception) {
		Failure current = this.last.get();
		if (current != null && current.exception == exception) {
			// the guard's own refusal coming back: it must not extend the back-off
			return;
		}
		Instant now = this.clock.instant();
		Failure previous = this.last.getAndSet(new Failure(now, exception));
		Instant logged = this.lastLogged.get();
		if (now.isAfter(logged.plus(LOG_INTERVAL).minusNanos(1)) && this.lastLogged.compareAndSet(logged, now)) {
			logger.error("The Claude API rejected the API key ({}; request-id {}). Calls fail at once for {}; "
					+ "check claude.api-key.", exception.upstreamMessage(), exception.requestId(), this.backoff);
		}
		if (this.events != null && (previous == null || !within(previous.at, now))) {
			this.events.publishEvent(new ClaudeAuthenticationFailedEvent(this, exception.requestId()));
		}
	}

	/**
	 * Records an answer that authenticated fine, ending any failure state.
	 */
	public void succeeded() {
		if (this.last.get() != null) {
			this.last.set(null);
		}
	}

	/**
	 * Forgets a rejected key, as after a restart; for tests, through {@code ClaudeResilienceState.reset()}.
	 */
	public void reset() {
		this.last.set(null);
		this.lastLogged.set(Instant.MIN);
	}

	/**
	 * When the key was last rejected, while that is the latest word on it.
	 * @return the time, or {@code null} when the key is not known to fail
	 */
	public Instant failingSince() {
		Failure failure = this.last.get();
		return (failure != null) ? failure.at : null;
	}

	private record Failure(Instant at, ClaudeApiException exception) {
	}

}
