package dev.clauderesilience.ratelimit.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import dev.clauderesilience.ratelimit.EpochNanos;
import dev.clauderesilience.ratelimit.LimitStore;
import dev.clauderesilience.ratelimit.LimitStoreUnavailableException;
import dev.clauderesilience.ratelimit.RateLimitSnapshot;

/**
 * Limits shared by every instance through Redis. Each operation is one Lua script, which Redis
 * runs atomically, so that a reservation across the request, input-token and output-token
 * buckets, the daily budget and the pause mark is all or nothing and no two instances spend the
 * same capacity. The buckets follow the same continuous-refill arithmetic as the local
 * {@code TokenBucket}, on the injected clock's time (instances' clocks are assumed to be in sync,
 * as NTP keeps them).
 * <p>
 * Every command has a short timeout. When one fails, the store is considered down and answers
 * {@link LimitStoreUnavailableException} at once, without asking Redis, until the retry interval
 * has passed; the next call then probes Redis again.
 *
 * @since 0.1.0
 */
public final class RedisLimitStore implements LimitStore {

	private static final long MICROS_PER_SECOND = 1_000_000L;

	// a bucket's state: level, last update, and a lower rate learned from the headers with its end
	private static final String BUCKET_FUNCTIONS = """
			local function load(key, cap, rate, now)
			  local s = redis.call('HMGET', key, 'level', 'updated', 'learned-rate', 'learned-until')
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
			local function store(key, level, updated, lrate, luntil)
			  redis.call('HSET', key, 'level', level, 'updated', updated, 'learned-rate', lrate, 'learned-until', luntil)
			  redis.call('EXPIRE', key, 3600)
			end
			""";

	// KEYS: 3 buckets, pause mark, daily key; ARGV: now, 3 x (amount, capacity, rate or 0),
	// daily tokens, daily limit or -1, daily expiry seconds, max wait (all times in microseconds)
	private static final RedisScript<String> RESERVE = RedisScript.of(BUCKET_FUNCTIONS + """
			local now = tonumber(ARGV[1])
			local dailyTokens = tonumber(ARGV[11])
			local dailyLimit = tonumber(ARGV[12])
			if dailyLimit >= 0 then
			  local used = tonumber(redis.call('GET', KEYS[5]) or '0')
			  if used + dailyTokens > dailyLimit then return 'D ' .. used end
			end
			local wait = 0
			local next = {}
			for i = 1, 3 do
			  local amount = tonumber(ARGV[3 * i - 1])
			  local cap = tonumber(ARGV[3 * i])
			  local rate = tonumber(ARGV[3 * i + 1])
			  if rate > 0 then
			    local level, updated, lrate, luntil, r = load(KEYS[i], cap, rate, now)
			    local needed = math.min(amount, cap)
			    if level < needed then wait = math.max(wait, math.ceil((needed - level) / r * 1000000)) end
			    next[i] = { level - amount, updated, lrate, luntil }
			  end
			end
			local paused = tonumber(redis.call('GET', KEYS[4]) or '0')
			wait = math.max(wait, paused - now)
			if wait > tonumber(ARGV[14]) then return 'W ' .. wait end
			for i = 1, 3 do
			  if next[i] then store(KEYS[i], next[i][1], next[i][2], next[i][3], next[i][4]) end
			end
			if dailyLimit >= 0 then
			  redis.call('INCRBY', KEYS[5], dailyTokens)
			  redis.call('EXPIRE', KEYS[5], tonumber(ARGV[13]))
			end
			return 'G ' .. wait
			""", String.class);

	// KEYS: 3 buckets, daily key; ARGV: now, 3 x (given back, capacity, rate or 0), daily given
	// back, daily expiry seconds
	private static final RedisScript<String> GIVE = RedisScript.of(BUCKET_FUNCTIONS + """
			local now = tonumber(ARGV[1])
			for i = 1, 3 do
			  local given = tonumber(ARGV[3 * i - 1])
			  local cap = tonumber(ARGV[3 * i])
			  local rate = tonumber(ARGV[3 * i + 1])
			  if rate > 0 and given ~= 0 then
			    local level, updated, lrate, luntil = load(KEYS[i], cap, rate, now)
			    store(KEYS[i], math.min(cap, level + given), updated, lrate, luntil)
			  end
			end
			local daily = tonumber(ARGV[11])
			if daily ~= 0 then
			  local used = redis.call('INCRBY', KEYS[4], -daily)
			  if used < 0 then redis.call('SET', KEYS[4], '0') end
			  redis.call('EXPIRE', KEYS[4], tonumber(ARGV[12]))
			end
			return 'OK'
			""", String.class);

	// KEYS: 3 buckets; ARGV: now, 3 x (capacity, rate or 0, limit or -1, remaining or -1, reset or -1)
	private static final RedisScript<String> LEARN = RedisScript.of(BUCKET_FUNCTIONS + """
			local now = tonumber(ARGV[1])
			for i = 1, 3 do
			  local base = 5 * (i - 1) + 1
			  local cap = tonumber(ARGV[base + 1])
			  local rate = tonumber(ARGV[base + 2])
			  local limit = tonumber(ARGV[base + 3])
			  local remaining = tonumber(ARGV[base + 4])
			  local reset = tonumber(ARGV[base + 5])
			  if rate > 0 then
			    local level, updated, lrate, luntil = load(KEYS[i], cap, rate, now)
			    if remaining >= 0 and remaining < level then level = remaining end
			    if limit > 0 and limit / 60 < rate then
			      lrate = limit / 60
			      luntil = math.max(reset, now + 60000000)
			    end
			    store(KEYS[i], level, updated, lrate, luntil)
			  end
			end
			return 'OK'
			""", String.class);

	// KEYS: pause mark; ARGV: until (microseconds), expiry (milliseconds)
	private static final RedisScript<String> PAUSE = RedisScript.of("""
			local current = tonumber(redis.call('GET', KEYS[1]) or '0')
			if tonumber(ARGV[1]) > current then
			  redis.call('SET', KEYS[1], ARGV[1], 'PX', tonumber(ARGV[2]))
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
		this.keyPrefix = keyPrefix;
		this.timeout = timeout;
		this.retryInterval = retryInterval;
		this.clock = clock;
	}

	@Override
	public Mono<Reservation> reserve(GroupLimits limits, long inputTokens, long outputTokens) {
		Instant now = this.clock.instant();
		List<String> keys = bucketKeys(limits);
		keys.add(pauseKey(limits));
		keys.add(dailyKey(limits, now));
		List<String> args = new ArrayList<>();
		args.add(Long.toString(micros(now)));
		bucketArgs(args, 1, limits.requests());
		bucketArgs(args, inputTokens, limits.inputTokens());
		bucketArgs(args, outputTokens, limits.outputTokens());
		args.add(Long.toString(inputTokens + outputTokens));
		args.add(Long.toString((limits.tokensPerDay() != null) ? limits.tokensPerDay() : -1));
		args.add(Long.toString(dailyExpirySeconds(limits, now)));
		args.add(Long.toString(limits.maxWait().toNanos() / 1000));
		return run(RESERVE, keys, args).map(RedisLimitStore::reservation);
	}

	private static Reservation reservation(String answer) {
		long value = Long.parseLong(answer.substring(2).trim());
		return switch (answer.charAt(0)) {
			case 'G' -> Reservation.granted(value * 1000);
			case 'W' -> new Reservation(Outcome.WAIT_EXCEEDED, value * 1000, 0);
			case 'D' -> new Reservation(Outcome.DAILY_BUDGET_EXCEEDED, 0, value);
			default -> throw new IllegalStateException("Unexpected answer from the reserve script: " + answer);
		};
	}

	@Override
	public Mono<Void> give(GroupLimits limits, long requests, long inputTokens, long outputTokens, long dailyTokens) {
		Instant now = this.clock.instant();
		List<String> keys = bucketKeys(limits);
		keys.add(dailyKey(limits, now));
		List<String> args = new ArrayList<>();
		args.add(Long.toString(micros(now)));
		bucketArgs(args, requests, limits.requests());
		bucketArgs(args, inputTokens, limits.inputTokens());
		bucketArgs(args, outputTokens, limits.outputTokens());
		args.add(Long.toString((limits.tokensPerDay() != null) ? dailyTokens : 0));
		args.add(Long.toString(dailyExpirySeconds(limits, now)));
		return run(GIVE, keys, args).then();
	}

	@Override
	public Mono<Void> learn(GroupLimits limits, RateLimitSnapshot snapshot) {
		Instant now = this.clock.instant();
		List<String> args = new ArrayList<>();
		args.add(Long.toString(micros(now)));
		learnArgs(args, limits.requests(), snapshot.requests());
		learnArgs(args, limits.inputTokens(), snapshot.inputTokens());
		learnArgs(args, limits.outputTokens(), snapshot.outputTokens());
		return run(LEARN, bucketKeys(limits), args).then();
	}

	@Override
	public Mono<Void> pause(GroupLimits limits, Instant until) {
		long expiryMillis = Math.max(1, Duration.between(this.clock.instant(), until).toMillis() + 1000);
		return run(PAUSE, List.of(pauseKey(limits)), List.of(Long.toString(micros(until)), Long.toString(expiryMillis)))
			.then();
	}

	@Override
	public Mono<Instant> pausedUntil(GroupLimits limits) {
		return call(this.redis.opsForValue().get(pauseKey(limits)).defaultIfEmpty("0"))
			.map((value) -> Instant.EPOCH.plus(Duration.ofNanos(Long.parseLong(value) * 1000)));
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
		return call(this.redis.execute(script, keys, args).next());
	}

	private <T> Mono<T> call(Mono<T> command) {
		return Mono.defer(() -> {
			if (!this.available) {
				long at = this.retryAtNanos.get();
				// one call probes Redis per interval; the others stay local meanwhile
				if (nanos() < at || !this.retryAtNanos.compareAndSet(at, nanos() + this.retryInterval.toNanos())) {
					return Mono.error(new LimitStoreUnavailableException("Redis is considered down until it is retried",
							null));
				}
			}
			return command.timeout(this.timeout).doOnSuccess((value) -> this.available = true).onErrorMap((ex) -> {
				this.retryAtNanos.set(nanos() + this.retryInterval.toNanos());
				this.available = false;
				return new LimitStoreUnavailableException("Redis did not answer: " + ex.getMessage(), ex);
			});
		});
	}

	private List<String> bucketKeys(GroupLimits limits) {
		String group = this.keyPrefix + ":" + limits.group() + ":";
		List<String> keys = new ArrayList<>();
		keys.add(group + "requests");
		keys.add(group + "input-tokens");
		keys.add(group + "output-tokens");
		return keys;
	}

	private String pauseKey(GroupLimits limits) {
		return this.keyPrefix + ":" + limits.group() + ":paused-until";
	}

	private String dailyKey(GroupLimits limits, Instant now) {
		return this.keyPrefix + ":daily:" + limits.dailyScope() + ":" + LocalDate.ofInstant(now, limits.dailyResetZone());
	}

	// a day's key outlives its midnight by an hour, for instances whose clocks are a little behind
	private static long dailyExpirySeconds(GroupLimits limits, Instant now) {
		Instant midnight = LocalDate.ofInstant(now, limits.dailyResetZone())
			.plusDays(1)
			.atStartOfDay(limits.dailyResetZone())
			.toInstant();
		return Duration.between(now, midnight).toSeconds() + 3600;
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

	private static long micros(Instant instant) {
		return instant.getEpochSecond() * MICROS_PER_SECOND + instant.getNano() / 1000;
	}

}
