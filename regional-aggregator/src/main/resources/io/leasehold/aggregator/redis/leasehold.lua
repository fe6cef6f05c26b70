#!lua name=leasehold
--[[
Leasehold regional quota store: one hash per quota key, fields
  l  bucket level, milli-tokens          t  last refill, Redis server time in µs since the epoch
  f  refill remainder below one milli-token, in (µs × micro-tokens/s) units, < 1e9
  g  tokens granted   r  tokens returned (as reported)   u  usage recorded (consumed)
  x  (caller time only) idle deadline on the caller's clock, µs
Every value is an integer below 2^53, so Lua's doubles hold it exactly. The arithmetic is
mirrored operation for operation by io.leasehold.aggregator.store.StoredBucket; change both
together (the contract tests run against both).

Time is Redis's TIME, not the caller's: every aggregator replica sees one clock, so replicas with
skewed clocks cannot refill a bucket twice or backwards. If the server clock steps back, the
bucket simply does not refill until it passes the last refill time again.

Caller time (an optional 7th argument, the caller's now in µs; RedisQuotaStoreOptions.timeSource
= CALLER) is for callers in virtual time (the simulator, tests): TIME is not read, and the idle TTL
runs on the caller's clock as well: the deadline is kept in field x, a bucket past it starts over
full (as an expired key would), and the key gets no PEXPIRE, since a wall-clock expiry would end a
virtual idle period early whenever the caller runs slower than real time. This mirrors
InMemoryQuotaStore on the same clock.
]]

local MILLI = 1000
local NUM_PER_MILLI = 1000000000 -- 1e6 µs/s × 1e6 µtok/token ÷ 1e3 milli/token

local function fmt(x)
  return string.format('%.0f', x)
end

local function take_and_return(keys, args)
  local key = keys[1]
  local rate = tonumber(args[1])
  local cap = tonumber(args[2]) * MILLI
  local want = tonumber(args[3])
  local give = tonumber(args[4])
  local used = tonumber(args[5])
  local ttl = tonumber(args[6])

  local caller = args[7] ~= nil
  local now
  if caller then
    now = tonumber(args[7])
    if now == nil or now < 0 or now > 9007199254740991 or now ~= math.floor(now) then
      return redis.error_reply('ERR leasehold: caller time \'' .. tostring(args[7])
        .. '\' is not a whole number of µs in [0, 2^53)')
    end
  else
    local time = redis.call('TIME')
    now = tonumber(time[1]) * 1000000 + tonumber(time[2])
  end

  local st = redis.pcall('HMGET', key, 'l', 't', 'f', 'g', 'r', 'u', 'x')
  local level, last, frac, g, r, u
  local live = type(st) == 'table' and st.err == nil and st[1] and st[2] and st[3] and st[4] and st[5] and st[6]
  if live and caller and st[7] and now > tonumber(st[7]) then
    live = false -- idle past its deadline on the caller's clock: gone, as an expired key would be
  end
  if live then
    level = tonumber(st[1]); last = tonumber(st[2]); frac = tonumber(st[3])
    g = tonumber(st[4]); r = tonumber(st[5]); u = tonumber(st[6])
  else
    -- absent, or not ours (wrong type, partial hash): start a fresh, full bucket
    if type(st) == 'table' and st.err ~= nil then
      redis.call('DEL', key)
    end
    level = cap; last = now; frac = 0; g = 0; r = 0; u = 0
  end

  if now > last then
    local num = (now - last) * rate + frac
    local credit = math.floor(num / NUM_PER_MILLI)
    if credit >= cap - level then
      level = cap; frac = 0
    else
      level = level + credit
      frac = num - credit * NUM_PER_MILLI
      if frac < 0 then frac = 0 elseif frac >= NUM_PER_MILLI then frac = NUM_PER_MILLI - 1 end
    end
    last = now
  end
  if level > cap then
    level = cap; frac = 0
  end

  if give > 0 then
    level = level + give * MILLI
    if level >= cap then
      level = cap; frac = 0
    end
    r = r + give
  end

  local granted = math.floor(level / MILLI)
  if want < granted then
    granted = want
  end
  level = level - granted * MILLI
  g = g + granted
  u = u + used

  if caller then
    redis.call('HSET', key, 'l', fmt(level), 't', fmt(last), 'f', fmt(frac), 'g', fmt(g), 'r', fmt(r), 'u', fmt(u),
      'x', fmt(now + ttl * 1000))
  else
    redis.call('HSET', key, 'l', fmt(level), 't', fmt(last), 'f', fmt(frac), 'g', fmt(g), 'r', fmt(r), 'u', fmt(u))
    redis.call('PEXPIRE', key, ttl)
  end
  return { granted, math.floor(level / MILLI), g, r, u }
end

redis.register_function('leasehold_take_and_return', take_and_return)
