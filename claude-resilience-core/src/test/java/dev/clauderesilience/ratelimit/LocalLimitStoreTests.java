package dev.clauderesilience.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.clauderesilience.client.RateLimitSnapshot;
import dev.clauderesilience.ratelimit.LimitStore.Amounts;
import dev.clauderesilience.ratelimit.LimitStore.Bucket;
import dev.clauderesilience.ratelimit.LimitStore.Budget;
import dev.clauderesilience.ratelimit.LimitStore.Decision;
import dev.clauderesilience.ratelimit.LimitStore.Dimension;
import dev.clauderesilience.ratelimit.LimitStore.GroupLimits;
import dev.clauderesilience.ratelimit.LimitStore.Outcome;
import dev.clauderesilience.ratelimit.LimitStore.Settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LocalLimitStoreTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));

	private final LocalLimitStore store = new LocalLimitStore(this.clock, 2);

	// 600 input tokens per minute = 10 per second; a 2 s allowance holds 20
	private final GroupLimits limits = new GroupLimits("sonnet", null, new Bucket(600, 20), null, 0.1,
			Duration.ofSeconds(30));

	@BeforeEach
	void fill() {
		this.store.levels(this.limits);
		this.clock.advance(Duration.ofSeconds(1));
	}

	private Decision reserve(long inputTokens) {
		return this.store.reserveNow(this.limits, new Amounts(1, inputTokens, 0));
	}

	private double level() {
		return this.store.levels(this.limits).level(Dimension.INPUT_TOKENS);
	}

	@Test
	void newGroupShouldStartHalfFullAndFillToTheBurstAllowance() {
		GroupLimits fresh = new GroupLimits("haiku", null, new Bucket(600, 20), null, 0.1, Duration.ofSeconds(30));
		assertThat(this.store.levels(fresh).inputTokens()).isEqualTo(10);
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(this.store.levels(fresh).inputTokens()).isEqualTo(20);
	}

	@Test
	void claimShouldGoWhileTheLevelCoversItAndOtherwiseSayWhenItWouldFitTakingNothing() {
		assertThat(reserve(15)).isEqualTo(Decision.GRANTED);
		Decision decision = reserve(10);
		assertThat(decision.outcome()).isEqualTo(Outcome.WAIT);
		assertThat(decision.waitNanos()).isEqualTo(Duration.ofMillis(500).toNanos());
		assertThat(level()).isEqualTo(5);
	}

	@Test
	void claimAboveTheAllowanceShouldGoWhenTheBucketIsFullAndBorrowAhead() {
		assertThat(reserve(50)).isEqualTo(Decision.GRANTED);
		assertThat(level()).isEqualTo(-30);
		assertThat(reserve(1).waitNanos()).isEqualTo(Duration.ofMillis(3100).toNanos());
	}

	@Test
	void refillShouldBeContinuousAndCappedAtTheAllowance() {
		reserve(20);
		this.clock.advance(Duration.ofMillis(300));
		assertThat(level()).isCloseTo(3, within(1e-9));
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(level()).isEqualTo(20);
	}

	@Test
	void settlementShouldGiveBackOrTakeMoreButNeverOverfill() {
		reserve(10);
		this.store.settleNow(this.limits, new Settlement(new Amounts(1, 10, 0), new Amounts(1, 6, 0), -1));
		assertThat(level()).isEqualTo(14);
		this.store.settleNow(this.limits, new Settlement(new Amounts(0, 0, 0), new Amounts(0, 30, 0), -1));
		assertThat(level()).isEqualTo(-16);
		this.store.settleNow(this.limits, new Settlement(new Amounts(0, 100, 0), Amounts.NONE, -1));
		assertThat(level()).isEqualTo(20);
	}

	@Test
	void learnShouldDropTheLevelWhenTheApiReportsLessRemaining() {
		this.store.learnNow(this.limits, inputTokens(600L, 7L, this.clock.instant().plusSeconds(1)));
		assertThat(level()).isEqualTo(7);
		this.store.learnNow(this.limits, inputTokens(600L, 500L, this.clock.instant().plusSeconds(1)));
		assertThat(level()).as("more remaining upstream never raises the local level").isEqualTo(7);
	}

	@Test
	void learnShouldSlowTheRefillToALowerApiLimitUntilItsReset() {
		reserve(20);
		// another process shares the key: the API's own limit is 60 per minute, 1 per second
		this.store.learnNow(this.limits, inputTokens(60L, 0L, this.clock.instant().plusSeconds(90)));
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(level()).isCloseTo(1, within(1e-9));
		this.clock.advance(Duration.ofSeconds(90));
		assertThat(level()).as("back to the configured rate after the reset").isEqualTo(20);
	}

	@Test
	void pauseShouldMakeEveryClaimWaitAndNoReturnCanShortenIt() {
		this.store.pauseNow(this.limits, this.clock.instant().plusSeconds(5));
		Decision decision = reserve(1);
		assertThat(decision.outcome()).isEqualTo(Outcome.WAIT);
		assertThat(decision.waitNanos()).isEqualTo(Duration.ofSeconds(5).toNanos());
		assertThat(decision.certainNanos()).isEqualTo(Duration.ofSeconds(5).toNanos());
	}

	@Test
	void waitShouldBeCertainOnlyForDebtDeeperThanWhatIsInFlight() {
		assertThat(reserve(50)).isEqualTo(Decision.GRANTED);
		// 50 in flight could all come back: nothing is certain
		assertThat(reserve(20).certainNanos()).isZero();
		this.store.settleNow(this.limits, new Settlement(new Amounts(1, 50, 0), new Amounts(1, 50, 0), -1));
		// the answer used all 50: now the debt is certain, 20 + 30 tokens at 10 per second
		assertThat(reserve(20).certainNanos()).isEqualTo(Duration.ofSeconds(5).toNanos());
	}

	@Test
	void budgetsShouldBeTakenAllOrNothing() {
		Budget all = new Budget("all", 100, ZoneOffset.UTC);
		Budget tenant = new Budget("tenant:acme", 30, ZoneOffset.UTC);
		assertThat(this.store.reserveBudgetsNow(List.of(all, tenant), 20).budget()).isNull();
		LimitStore.BudgetRefusal refusal = this.store.reserveBudgetsNow(List.of(all, tenant), 20);
		assertThat(refusal.budget()).isEqualTo(tenant);
		assertThat(refusal.used()).isEqualTo(20);
		assertThat(this.store.budgetUsed(all)).as("the overall budget was given back").isEqualTo(20);
	}

	@Test
	void tenantBudgetsShouldBeKeptForABoundedNumberOfTenants() {
		for (String tenant : List.of("a", "b", "c")) {
			this.store.reserveBudgetsNow(List.of(new Budget("tenant:" + tenant, 100, ZoneOffset.UTC)), 10);
		}
		assertThat(this.store.budgetUsed(new Budget("tenant:c", 100, ZoneOffset.UTC))).isEqualTo(10);
		assertThat(this.store.budgetUsed(new Budget("tenant:a", 100, ZoneOffset.UTC)))
			.as("the least recently used of three tenants, with room for two, was forgotten")
			.isZero();
	}

	private static RateLimitSnapshot inputTokens(Long limit, Long remaining, Instant reset) {
		RateLimitSnapshot.Limit none = new RateLimitSnapshot.Limit(null, null, null);
		return new RateLimitSnapshot(none, none, new RateLimitSnapshot.Limit(limit, remaining, reset), none, none, none,
				null, null, null, Instant.EPOCH);
	}

}
