package dev.clauderesilience.ratelimit.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import dev.clauderesilience.client.ClaudeRequest.Priority;
import dev.clauderesilience.client.RateLimitSnapshot;
import dev.clauderesilience.ratelimit.EpochNanos;
import dev.clauderesilience.ratelimit.LimitStore;
import dev.clauderesilience.ratelimit.LimitStoreUnavailableException;

/**
 * Limits shared by every instance through Redis. Each operation is one Lua script, which Redis
 * runs atomically: a reservation checks the lanes' and tenants' turns across instances, the
 * pause, and the request, input-token and output-token buckets, and takes from all three or
 * none; a settlement gives back, records the answer's output and re-learns the output
 * reservation. The buckets follow the same continuous-refill arithmetic as the local store, on
 * the injected clock's time (instances' clocks are assumed to be in sync, as NTP keeps them).
 * <p>
 * Turns across instances: each instance marks the lanes and tenants it has waiting (the marks
 * expire unless renewed, so a stopped instance's marks vanish). A batch claim defers while an
 * interactive call waits anywhere and batch has had its minimum share; a tenant's claim defers
 * while a tenant that has been admitted fewer times waits in the same lane.
 * <p>
 * Keys: every key of one group carries the hash tag {@code {<prefix>:<group>}}, and every
 * budget key the tag {@code {<prefix>:budgets}}, so that each script touches one slot and a
 * Redis Cluster works.
 * <p>
 * Every command has a short timeout. When one fails, the store is considered down and answers
 * {@link LimitStoreUnavailableException} at once, without asking Redis, until the retry interval
 * has passed; the next call then probes Redis again.
 *
 * @since 0.1.0
 */
public final class RedisLimitStore implements LimitStore {

	private static final long MICROS_PER_SECOND = 1_000_000L;

	// how long a mark of waiting calls lives unless the instance renews it
	private static final long MARK_TTL_MICROS = 2 * MICROS_PER_SECOND;

	// how soon a deferred claim asks again
	private static final long DEFER_MICROS = 25_000;

	// one hash per group: for each bucket (r, i, o) its level, last update, learned rate and its
	// end; the pause; the learned output estimate; the lanes' admissions while both wait
	private static final String BUCKET_FUNCTIONS = """
			local function load(key, b, cap, rate, now)
			  local s = redis.call('HMGET', key, b .. '.level', b .. '.updated', b .. '.lrate', b .. '.luntil')
			  local level = tonumber(s[1]) or math.max(1, cap / 2)
			  local updated = tonumber(s[2]) or now
			  local lrate = tonumber(s[3]) or rate
			  local luntil = tonumber(s[4]) or 0
			  local r = rate
			  if now < luntil then r = math.min(rate, lrate) end
			  if now > updated then
			    level = math.min(cap, level + r * (now - updated) / 1000000)
			    updated = now
			  end
			  return level, updated, lrate, luntil, r
			end
			local function store(key, b, level, updated, lrate, luntil)
			  redis.call('HSET', key, b .. '.level', level, b .. '.updated', updated, b .. '.lrate', lrate,
			    b .. '.luntil', luntil)
			end
			local names = { 'r', 'i', 'o' }
			""";

	// KEYS: group hash, interactive marks, batch marks, tenants' admissions
	// ARGV: now, lane (i|b), tenant, 3 x (amount, capacity, rate or 0), batch min share, mark ttl,
	//       defer, number of waiting marks, then (lane, tenant) per mark
	private static final RedisScript<String> RESERVE = RedisScript.of(BUCKET_FUNCTIONS + """
			local now = tonumber(ARGV[1])
			local lane = ARGV[2]
			local tenant = ARGV[3]
			local share = tonumber(ARGV[13])
			local ttl = tonumber(ARGV[14])
			local defer = tonumber(ARGV[15])
			redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
			redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
			local marks = tonumber(ARGV[16])
			for m = 0, marks - 1 do
			  local key = KEYS[2]
			  if ARGV[17 + 2 * m] == 'b' then key = KEYS[3] end
			  redis.call('ZADD', key, now + ttl, ARGV[18 + 2 * m])
			end
			local laneKey = KEYS[2]
			if lane == 'b' then laneKey = KEYS[3] end
			local interactiveWaits = redis.call('ZCARD', KEYS[2]) > 0
			local batchWaits = redis.call('ZCARD', KEYS[3]) > 0
			local served = redis.call('HMGET', KEYS[1], 'served.i', 'served.b')
			local si = tonumber(served[1]) or 0
			local sb = tonumber(served[2]) or 0
			if not (interactiveWaits and batchWaits) then si = 0; sb = 0 end
			if lane == 'b' and interactiveWaits and sb + 1 > share * (si + sb + 1) then
			  return 'F ' .. defer
			end
			local mine = tonumber(redis.call('ZSCORE', KEYS[4], tenant) or '-1')
			local waiting = redis.call('ZRANGE', laneKey, 0, 63)
			local lowest = nil
			for _, other in ipairs(waiting) do
			  local turns = tonumber(redis.call('ZSCORE', KEYS[4], other) or '0')
			  if lowest == nil or turns < lowest then lowest = turns end
			  if other ~= tenant and mine > turns + 1 then return 'F ' .. defer end
			end
			local wait = 0
			local paused = tonumber(redis.call('HGET', KEYS[1], 'paused') or '0')
			if paused > now then wait = paused - now end
			local certain = wait
			local next = {}
			for b = 1, 3 do
			  local amount = tonumber(ARGV[1 + 3 * b])
			  local cap = tonumber(ARGV[2 + 3 * b])
			  local rate = tonumber(ARGV[3 + 3 * b])
			  if rate > 0 then
			    local level, updated, lrate, luntil, r = load(KEYS[1], names[b], cap, rate, now)
			    local needed = math.min(amount, cap)
			    if level < needed then wait = math.max(wait, math.ceil((needed - level) / r * 1000000)) end
			    next[b] = { level - amount, updated, lrate, luntil }
			  end
			end
			local estimate = redis.call('HGET', KEYS[1], 'estimate') or '-1'
			if wait > 0 then
			  return 'W ' .. wait .. ' ' .. certain .. ' ' .. estimate
			end
			for b = 1, 3 do
			  if next[b] then store(KEYS[1], names[b], next[b][1], next[b][2], next[b][3], next[b][4]) end
			end
			if interactiveWaits and batchWaits then
			  if lane == 'b' then sb = sb + 1 else si = si + 1 end
			end
			redis.call('HSET', KEYS[1], 'served.i', si, 'served.b', sb)
			if mine < (lowest or 0) then mine = lowest or 0 end
			redis.call('ZADD', KEYS[4], mine + 1, tenant)
			redis.call('ZREM', laneKey, tenant)
			redis.call('EXPIRE', KEYS[1], 3600)
			redis.call('EXPIRE', KEYS[2], 60)
			redis.call('EXPIRE', KEYS[3], 60)
			redis.call('EXPIRE', KEYS[4], 3600)
			local levels = {}
			for b = 1, 3 do
			  if next[b] then levels[b] = next[b][1] else levels[b] = 'nan' end
			end
			return 'G ' .. estimate .. ' ' .. levels[1] .. ' ' .. levels[2] .. ' ' .. levels[3]
			""", String.class);

	// KEYS: group hash, recent outputs; ARGV: now, 3 x (given back, capacity, rate or 0), the
	// answer's output tokens or -1, window, minimum samples, percentile
	private static final RedisScript<String> SETTLE = RedisScript.of(BUCKET_FUNCTIONS + """
			local now = tonumber(ARGV[1])
			for b = 1, 3 do
			  local given = tonumber(ARGV[3 * b - 1])
			  local cap = tonumber(ARGV[3 * b])
			  local rate = tonumber(ARGV[3 * b + 1])
			  if rate > 0 and given ~= 0 then
			    local level, updated, lrate, luntil = load(KEYS[1], names[b], cap, rate, now)
			    store(KEYS[1], names[b], math.min(cap, level + given), updated, lrate, luntil)
			  end
			end
			local answered = tonumber(ARGV[11])
			if answered >= 0 then
			  local window = tonumber(ARGV[12])
			  redis.call('LPUSH', KEYS[2], answered)
			  redis.call('LTRIM', KEYS[2], 0, window - 1)
			  redis.call('EXPIRE', KEYS[2], 86400)
			  local recent = redis.call('LRANGE', KEYS[2], 0, -1)
			  if #recent >= tonumber(ARGV[13]) then
			    local values = {}
			    for k, v in ipairs(recent) do values[k] = tonumber(v) end
			    table.sort(values)
			    redis.call('HSET', KEYS[1], 'estimate', values[math.ceil(#values * tonumber(ARGV[14]))])
			  end
			end
			redis.call('EXPIRE', KEYS[1], 3600)
			return 'OK'
			""", String.class);

	// KEYS: group hash; ARGV: now, 3 x (capacity, rate or 0, limit or -1, remaining or -1, reset or -1)
	private static final RedisScript<String> LEARN = RedisScript.of(BUCKET_FUNCTIONS + """
			local now = tonumber(ARGV[1])
			for b = 1, 3 do
			  local base = 5 * (b - 1) + 1
			  local cap = tonumber(ARGV[base + 1])
			  local rate = tonumber(ARGV[base + 2])
			  local limit = tonumber(ARGV[base + 3])
			  local remaining = tonumber(ARGV[base + 4])
			  local reset = tonumber(ARGV[base + 5])
			  if rate > 0 then
			    local level, updated, lrate, luntil = load(KEYS[1], names[b], cap, rate, now)
			    if remaining >= 0 and remaining < level then level = remaining end
			    if limit > 0 and limit / 60 < rate then
			      lrate = limit / 60
			      luntil = math.max(reset, now + 60000000)
			    end
			    store(KEYS[1], names[b], level, updated, lrate, luntil)
			  end
			end
			redis.call('EXPIRE', KEYS[1], 3600)
			return 'OK'
			""", String.class);

	// KEYS: group hash; ARGV: until (microseconds)
	private static final RedisScript<String> PAUSE = RedisScript.of("""
			local current = tonumber(redis.call('HGET', KEYS[1], 'paused') or '0')
			if tonumber(ARGV[1]) > current then redis.call('HSET', KEYS[1], 'paused', ARGV[1]) end
			redis.call('EXPIRE', KEYS[1], 3600)
			return 'OK'
			""", String.class);

	// KEYS: one key per budget; ARGV: tokens, then per budget (limit, expiry seconds)
	private static final RedisScript<String> RESERVE_BUDGETS = RedisScript.of("""
			local tokens = tonumber(ARGV[1])
			local used = {}
			for k = 1, #KEYS do
			  used[k] = tonumber(redis.call('GET', KEYS[k]) or '0')
			  if used[k] + tokens > tonumber(ARGV[2 * k]) then return 'R ' .. k .. ' ' .. used[k] end
			end
			local after = {}
			for k = 1, #KEYS do
			  after[k] = redis.call('INCRBY', KEYS[k], tokens)
			  redis.call('EXPIRE', KEYS[k], tonumber(ARGV[2 * k + 1]))
			end
			return 'OK ' .. table.concat(after, ' ')
			""", String.class);

	// KEYS: one key per budget; ARGV: delta, then per budget its expiry seconds
	private static final RedisScript<String> ADJUST_BUDGETS = RedisScript.of("""
			for k = 1, #KEYS do
			  local used = redis.call('INCRBY', KEYS[k], tonumber(ARGV[1]))
			  if used < 0 then redis.call('SET', KEYS[k], '0') end
			  redis.call('EXPIRE', KEYS[k], tonumber(ARGV[k + 1]))
			end
			return 'OK'
			""", String.class);

	private final ReactiveStringRedisTemplate redis;

	private final String keyPrefix;

	private final Duration timeout;

	private final Duration retryInterval;

	private final Clock clock;

	private volatile boolean available = true;

	private final AtomicLong retryAtNanos = new AtomicLong();

	// what the last answers said, for health, which must never wait for Redis
	private final Map<String, Levels> levels = new ConcurrentHashMap<>();

	private final Map<String, Long> budgetsUsed = new ConcurrentHashMap<>();

	/**
	 * A store.
	 * @param redis the template to run the scripts with
	 * @param keyPrefix the prefix of every key (instances sharing limits use the same)
	 * @param timeout the longest a command may take before Redis counts as down
	 * @param retryInterval how long the limits stay local before Redis is asked again
	 * @param clock the clock
	 */
	public RedisLimitStore(ReactiveStringRedisTemplate redis, String keyPrefix, Duration timeout, Duration retryInterval,
			Clock clock) {
		this.redis = redis;
		// braces would start another hash tag
		this.keyPrefix = keyPrefix.replace("{", "(").replace("}", ")");
		// saturated: Reactor's timer takes nanoseconds, which hold about 292 years
		this.timeout = Duration.ofNanos(EpochNanos.of(timeout));
		this.retryInterval = retryInterval;
		this.clock = clock;
	}

	@Override
	public Mono<Decision> reserve(GroupLimits limits, Claim claim) {
		Instant now = this.clock.instant();
		String tag = groupTag(limits);
		List<String> keys = List.of(tag + ":buckets", tag + ":waiting:interactive", tag + ":waiting:batch",
				tag + ":turns");
		List<String> args = new ArrayList<>();
		args.add(Long.toString(micros(now)));
		args.add(lane(claim.lane()));
		args.add(claim.tenant());
		for (Dimension dimension : Dimension.values()) {
			bucketArgs(args, claim.amounts().get(dimension), limits.bucket(dimension));
		}
		args.add(Double.toString(limits.batchMinShare()));
		args.add(Long.toString(MARK_TTL_MICROS));
		args.add(Long.toString(DEFER_MICROS));
		args.add(Integer.toString(claim.waiting().size()));
		for (Waiting waiting : claim.waiting()) {
			args.add(lane(waiting.lane()));
			args.add(waiting.tenant());
		}
		return run(RESERVE, keys, args).map((answer) -> decision(limits, answer));
	}

	private Decision decision(GroupLimits limits, String answer) {
		String[] parts = answer.split(" ");
		return switch (parts[0]) {
			case "G" -> {
				this.levels.put(limits.group(), new Levels(number(parts[2]), number(parts[3]), number(parts[4]),
						Instant.EPOCH));
				yield Decision.granted(estimate(parts[1]));
			}
			case "W" -> new Decision(Outcome.WAIT, Long.parseLong(parts[1]) * 1000, Long.parseLong(parts[2]) * 1000,
					estimate(parts[3]));
			case "F" -> new Decision(Outcome.DEFER, Long.parseLong(parts[1]) * 1000, 0, -1);
			default -> throw new IllegalStateException("Unexpected answer from the reserve script: " + answer);
		};
	}

	private static long estimate(String value) {
		double estimate = Double.parseDouble(value);
		return (estimate >= 0) ? (long) Math.ceil(estimate) : -1;
	}

	private static double number(String value) {
		return "nan".equals(value) ? Double.NaN : Double.parseDouble(value);
	}

	@Override
	public Mono<Void> settle(GroupLimits limits, Settlement settlement) {
		String tag = groupTag(limits);
		List<String> args = new ArrayList<>();
		args.add(Long.toString(micros(this.clock.instant())));
		for (Dimension dimension : Dimension.values()) {
			bucketArgs(args, settlement.givenBack(dimension), limits.bucket(dimension));
		}
		args.add(Long.toString(settlement.answeredOutputTokens()));
		args.add("100");
		args.add("10");
		args.add("0.95");
		return run(SETTLE, List.of(tag + ":buckets", tag + ":outputs"), args).then();
	}

	@Override
	public Mono<Void> learn(GroupLimits limits, RateLimitSnapshot snapshot) {
		List<String> args = new ArrayList<>();
		args.add(Long.toString(micros(this.clock.instant())));
		learnArgs(args, limits.requests(), snapshot.requests());
		learnArgs(args, limits.inputTokens(), snapshot.inputTokens());
		learnArgs(args, limits.outputTokens(), snapshot.outputTokens());
		return run(LEARN, List.of(groupTag(limits) + ":buckets"), args).then();
	}

	@Override
	public Mono<Void> pause(GroupLimits limits, Instant until) {
		return run(PAUSE, List.of(groupTag(limits) + ":buckets"), List.of(Long.toString(micros(until)))).then();
	}

	@Override
	public Mono<BudgetRefusal> reserveBudgets(List<Budget> budgets, long tokens) {
		Instant now = this.clock.instant();
		List<String> keys = new ArrayList<>();
		List<String> args = new ArrayList<>();
		args.add(Long.toString(tokens));
		for (Budget budget : budgets) {
			keys.add(budgetKey(budget, now));
			args.add(Long.toString(budget.tokensPerDay()));
			args.add(Long.toString(expirySeconds(budget, now)));
		}
		return run(RESERVE_BUDGETS, keys, args).map((answer) -> {
			String[] parts = answer.split(" ");
			if ("R".equals(parts[0])) {
				Budget refused = budgets.get(Integer.parseInt(parts[1]) - 1);
				long used = Long.parseLong(parts[2]);
				this.budgetsUsed.put(refused.scope(), used);
				return new BudgetRefusal(refused, used);
			}
			for (int i = 0; i < budgets.size(); i++) {
				this.budgetsUsed.put(budgets.get(i).scope(), Long.parseLong(parts[i + 1]));
			}
			return BudgetRefusal.NONE;
		});
	}

	@Override
	public Mono<Void> adjustBudgets(List<Budget> budgets, long delta) {
		Instant now = this.clock.instant();
		List<String> keys = new ArrayList<>();
		List<String> args = new ArrayList<>();
		args.add(Long.toString(delta));
		for (Budget budget : budgets) {
			keys.add(budgetKey(budget, now));
			args.add(Long.toString(expirySeconds(budget, now)));
			this.budgetsUsed.computeIfPresent(budget.scope(), (scope, used) -> Math.max(0, used + delta));
		}
		return run(ADJUST_BUDGETS, keys, args).then();
	}

	@Override
	public Long budgetUsed(Budget budget) {
		return this.budgetsUsed.get(budget.scope());
	}

	@Override
	public Levels levels(GroupLimits limits) {
		return this.levels.getOrDefault(limits.group(), Levels.UNKNOWN);
	}

	@Override
	public boolean isAvailable() {
		return this.available;
	}

	@Override
	public String name() {
		return "redis";
	}

	private Mono<String> run(RedisScript<String> script, List<String> keys, List<String> args) {
		return Mono.defer(() -> {
			if (!this.available) {
				long at = this.retryAtNanos.get();
				// one call probes Redis per interval; the others stay local meanwhile
				if (nanos() < at || !this.retryAtNanos.compareAndSet(at, retryAt())) {
					return Mono.error(new LimitStoreUnavailableException("Redis is considered down until it is retried",
							null));
				}
			}
			return this.redis.execute(script, keys, args)
				.next()
				.timeout(this.timeout)
				.doOnSuccess((value) -> this.available = true)
				.onErrorMap((ex) -> {
					this.retryAtNanos.set(retryAt());
					this.available = false;
					return new LimitStoreUnavailableException("Redis did not answer: " + ex.getMessage(), ex);
				});
		});
	}

	private String groupTag(GroupLimits limits) {
		return "{" + this.keyPrefix + ":" + limits.group() + "}";
	}

	private String budgetKey(Budget budget, Instant now) {
		return "{" + this.keyPrefix + ":budgets}:daily:" + budget.scope() + ":" + LocalDate.ofInstant(now, budget.zone());
	}

	// a day's key outlives its midnight by an hour, for instances whose clocks are a little behind
	private static long expirySeconds(Budget budget, Instant now) {
		Instant midnight = LocalDate.ofInstant(now, budget.zone()).plusDays(1).atStartOfDay(budget.zone()).toInstant();
		return Duration.between(now, midnight).toSeconds() + 3600;
	}

	private static String lane(Priority lane) {
		return (lane == Priority.BATCH) ? "b" : "i";
	}

	private static void bucketArgs(List<String> args, long amount, Bucket bucket) {
		args.add(Long.toString(amount));
		args.add((bucket != null) ? Double.toString(bucket.capacity()) : "0");
		args.add((bucket != null) ? Double.toString(bucket.ratePerSecond()) : "0");
	}

	private static void learnArgs(List<String> args, Bucket bucket, RateLimitSnapshot.Limit limit) {
		args.add((bucket != null) ? Double.toString(bucket.capacity()) : "0");
		args.add((bucket != null && limit.isKnown()) ? Double.toString(bucket.ratePerSecond()) : "0");
		args.add((limit.limit() != null) ? Long.toString(limit.limit()) : "-1");
		args.add((limit.remaining() != null) ? Long.toString(limit.remaining()) : "-1");
		args.add((limit.reset() != null) ? Long.toString(micros(limit.reset())) : "-1");
	}

	private long nanos() {
		return EpochNanos.now(this.clock);
	}

	private long retryAt() {
		return EpochNanos.plus(nanos(), EpochNanos.of(this.retryInterval));
	}

	private static long micros(Instant instant) {
		long nanos = EpochNanos.of(instant);
		return nanos / 1000;
	}

}
