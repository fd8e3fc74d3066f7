import { RedisScript } from './redis-client.js';

/**
 * The Lua scripts of cluster mode. Each runs atomically in Redis, which is what makes the checks
 * and the writes of one step agree with every other replica's.
 */
export const SCRIPTS = {
  /**
   * Queues messages. KEYS: load, then per message its stream, handled and queued keys. ARGV: TTL
   * (ms), count, then per message its id, JSON and weight. Per message: 'h' handled already (ack it
   * again), 'q' queued already (ignore), 'a' added. Then the cluster's load: messages, bytes.
   */
  enqueue: new RedisScript(`
local ttl, n = ARGV[1], tonumber(ARGV[2])
local out = {}
for i = 0, n - 1 do
  local s, h, q = KEYS[2 + i * 3], KEYS[3 + i * 3], KEYS[4 + i * 3]
  local id, body, w = ARGV[3 + i * 3], ARGV[4 + i * 3], ARGV[5 + i * 3]
  if redis.call('EXISTS', h) == 1 then
    out[#out + 1] = 'h'
  elseif not redis.call('SET', q, '1', 'NX', 'PX', ttl) then
    out[#out + 1] = 'q'
  else
    redis.call('XADD', s, '*', 'i', id, 'm', body, 'w', w)
    redis.call('HINCRBY', KEYS[1], 'n', 1)
    redis.call('HINCRBY', KEYS[1], 'b', w)
    out[#out + 1] = 'a'
  end
end
out[#out + 1] = redis.call('HGET', KEYS[1], 'n') or '0'
out[#out + 1] = redis.call('HGET', KEYS[1], 'b') or '0'
return out`),

  /**
   * Takes finished entries off their streams and clears their queued marks (an acked message is
   * marked handled instead; one finished without an ack must be queued again when redelivered).
   * KEYS: load, then per entry its stream and queued key. ARGV: group, count, then per entry its
   * id and weight. The load only drops for an entry that was still pending, so a settle retried
   * after a lost reply counts once.
   */
  settle: new RedisScript(`
local g, n = ARGV[1], tonumber(ARGV[2])
for i = 0, n - 1 do
  local s, q = KEYS[2 + i * 2], KEYS[3 + i * 2]
  local id, w = ARGV[3 + i * 2], tonumber(ARGV[4 + i * 2])
  if redis.call('XACK', s, g, id) == 1 then
    redis.call('HINCRBY', KEYS[1], 'n', -1)
    redis.call('HINCRBY', KEYS[1], 'b', -w)
  end
  redis.call('XDEL', s, id)
  redis.call('DEL', q)
end
if tonumber(redis.call('HGET', KEYS[1], 'n') or '0') < 0 then redis.call('HSET', KEYS[1], 'n', 0) end
if tonumber(redis.call('HGET', KEYS[1], 'b') or '0') < 0 then redis.call('HSET', KEYS[1], 'b', 0) end
return 1`),

  /**
   * Takes the lease KEYS[1] for ARGV[1] for ARGV[2] ms when it is free, or already ARGV[1]'s: an
   * earlier try that timed out on our side may still have been served by Redis.
   */
  acquire: new RedisScript(`
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if holder then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`),

  /** Renews the leases in KEYS still held by ARGV[1] for ARGV[2] ms; returns 1/0 per key. */
  renew: new RedisScript(`
local out = {}
for i = 1, #KEYS do
  if redis.call('GET', KEYS[i]) == ARGV[1] then
    out[i] = redis.call('PEXPIRE', KEYS[i], ARGV[2])
  else
    out[i] = 0
  end
end
return out`),

  /** Deletes the leases in KEYS still held by ARGV[1]. */
  release: new RedisScript(`
for i = 1, #KEYS do
  if redis.call('GET', KEYS[i]) == ARGV[1] then redis.call('DEL', KEYS[i]) end
end
return 1`),

  /**
   * A working replica's heartbeat. KEYS: workers. ARGV: id, now, expiry (0 = leave). Returns the
   * number of live working replicas.
   */
  heartbeat: new RedisScript(`
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
if ARGV[3] == '0' then
  redis.call('ZREM', KEYS[1], ARGV[1])
else
  redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
end
return redis.call('ZCARD', KEYS[1])`),
};
