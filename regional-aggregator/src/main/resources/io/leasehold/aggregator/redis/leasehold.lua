#!lua name=leasehold
--[[
Leasehold regional quota store: one hash per quota key, fields
  l  bucket level, milli-tokens          t  last refill, Redis server time in µs since the epoch
  f  refill remainder below one milli-token, in (µs × micro-tokens/s) units, < 1e9
  g  tokens granted   r  tokens returned (as reported)   u  usage recorded (consumed)
Every value is an integer below 2^53, so Lua's doubles hold it exactly. The arithmetic is
mirrored operation for operation by io.leasehold.aggregator.store.StoredBucket; change both
together (the contract tests run against both).

Time is Redis's TIME, not the caller's: every aggregator replica sees one clock, so replicas with
skewed clocks cannot refill a bucket twice or backwards. If the server clock steps back, the
bucket simply does not refill until it passes the last refill time again.
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

  local time = redis.call('TIME')
  local now = tonumber(time[1]) * 1000000 + tonumber(time[2])

  local st = redis.pcall('HMGET', key, 'l', 't', 'f', 'g', 'r', 'u')
  local level, last, frac, g, r, u
  if type(st) == 'table' and st.err == nil and st[1] and st[2] and st[3] and st[4] and st[5] and st[6] then
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

  redis.call('HSET', key, 'l', fmt(level), 't', fmt(last), 'f', fmt(frac), 'g', fmt(g), 'r', fmt(r), 'u', fmt(u))
  redis.call('PEXPIRE', key, ttl)
  return { granted, math.floor(level / MILLI), g, r, u }
end

redis.register_function('leasehold_take_and_return', take_and_return)
