package dev.clauderesilience.ratelimit;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The client's own daily token budget (input plus output tokens; the API has no daily header),
 * reset at midnight in a configured zone. Reservations are taken before sending and settled to
 * actual usage afterwards.
 *
 * @since 0.1.0
 */
public final class DailyTokenBudget {

	private final long limit;

	private final ZoneId zone;

	private final Clock clock;

	private final AtomicReference<Day> day;

	/**
	 * A budget with nothing used today.
	 * @param limit tokens per day
	 * @param zone the zone whose midnight resets it
	 * @param clock the clock
	 */
	public DailyTokenBudget(long limit, ZoneId zone, Clock clock) {
		this.limit = limit;
		this.zone = zone;
		this.clock = clock;
		this.day = new AtomicReference<>(new Day(today(), 0));
	}

	/**
	 * Takes tokens from today's budget, or nothing when they do not fit.
	 * @param tokens the tokens to reserve
	 * @return -1 when taken; otherwise the tokens used today, which with the reservation would pass
	 * the budget
	 */
	public long tryReserve(long tokens) {
		LocalDate today = today();
		while (true) {
			Day current = this.day.get();
			long used = current.date.equals(today) ? current.used : 0;
			if (used + tokens > this.limit) {
				return used;
			}
			if (this.day.compareAndSet(current, new Day(today, used + tokens))) {
				return -1;
			}
		}
	}

	/**
	 * Changes today's use: positive when an answer used more than reserved, negative to give
	 * back. Never fails.
	 * @param delta the change
	 */
	public void adjust(long delta) {
		LocalDate today = today();
		this.day.updateAndGet((current) -> {
			long used = current.date.equals(today) ? current.used : 0;
			return new Day(today, Math.max(0, used + delta));
		});
	}

	/**
	 * Tokens used today.
	 * @return the tokens
	 */
	public long used() {
		Day current = this.day.get();
		return current.date.equals(today()) ? current.used : 0;
	}

	/**
	 * The budget per day.
	 * @return the limit
	 */
	public long limit() {
		return this.limit;
	}

	/**
	 * When the budget next resets.
	 * @return the next midnight in the configured zone
	 */
	public Instant resetsAt() {
		return today().plusDays(1).atStartOfDay(this.zone).toInstant();
	}

	private LocalDate today() {
		return LocalDate.ofInstant(this.clock.instant(), this.zone);
	}

	private record Day(LocalDate date, long used) {
	}

}
