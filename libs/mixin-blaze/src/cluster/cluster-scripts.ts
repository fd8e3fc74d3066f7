import { RedisScript } from './redis-client.js';

/**
 * The Lua scripts of cluster mode. Each runs atomically in Redis, which is what makes the checks
 * and the writes of one step agree with every other replica's.
 */
export const SCRIPTS = {
  /**
   * Queues messages. KEYS: load, then per message its stream and state key. ARGV: TTL (ms), count,
   * then per message its id, JSON and weight. Per message: 'h' handled already (ack it again), 'q'
   * queued already (ignore), 'a' added. Then the cluster's load: messages, bytes.
   */
  enqueue: new RedisScript(`
local ttl, n = ARGV[1], tonumber(ARGV[2])
local out, added, bytes = {}, 0, 0
for i = 0, n - 1 do
  local s, k = KEYS[2 + i * 2], KEYS[3 + i * 2]
  local id, body, w = ARGV[3 + i * 3], ARGV[4 + i * 3], ARGV[5 + i * 3]
  if redis.call('SET', k, 'q', 'NX', 'PX', ttl) then
    redis.call('XADD', s, '*', 'i', id, 'm', body, 'w', w)
    added, bytes = added + 1, bytes + tonumber(w)
    out[#out + 1] = 'a'
  elseif redis.call('GET', k) == 'h' then
    out[#out + 1] = 'h'
  else
    out[#out + 1] = 'q'
  end
end
if added > 0 then
  out[#out + 1] = redis.call('HINCRBY', KEYS[1], 'n', added)
  out[#out + 1] = redis.call('HINCRBY', KEYS[1], 'b', bytes)
else
  out[#out + 1] = redis.call('HGET', KEYS[1], 'n') or '0'
  out[#out + 1] = redis.call('HGET', KEYS[1], 'b') or '0'
end
return out`),

  /** Marks the messages of KEYS (state keys) handled for ARGV[1] ms. */
  mark: new RedisScript(`
for i = 1, #KEYS do redis.call('SET', KEYS[i], 'h', 'PX', ARGV[1]) end
return #KEYS`),

  /**
   * Takes finished entries off their streams. An acked message stays marked handled (marked now if
   * its mark before the ack did not land: 'h'; 'k' keeps the mark); one finished without an ack
   * loses its state ('d'), so that its redelivery is queued again. KEYS: load, then per entry its
   * stream and state key. ARGV: group, TTL (ms), count, then per entry its id, weight and state
   * change. The load only drops for an entry that was still pending, so a settle retried after a
   * lost reply counts once.
   */
  settle: new RedisScript(`
local g, ttl, n = ARGV[1], ARGV[2], tonumber(ARGV[3])
local done, bytes, byStream = 0, 0, {}
for i = 0, n - 1 do
  local s, k = KEYS[2 + i * 2], KEYS[3 + i * 2]
  local id, w, change = ARGV[4 + i * 3], tonumber(ARGV[5 + i * 3]), ARGV[6 + i * 3]
  if redis.call('XACK', s, g, id) == 1 then done, bytes = done + 1, bytes + w end
  local ids = byStream[s]
  if not ids then ids = {}; byStream[s] = ids end
  ids[#ids + 1] = id
  if change == 'h' then redis.call('SET', k, 'h', 'PX', ttl) elseif change == 'd' then redis.call('DEL', k) end
end
for s, ids in pairs(byStream) do redis.call('XDEL', s, unpack(ids)) end
if done > 0 then
  if redis.call('HINCRBY', KEYS[1], 'n', -done) < 0 then redis.call('HSET', KEYS[1], 'n', 0) end
  if redis.call('HINCRBY', KEYS[1], 'b', -bytes) < 0 then redis.call('HSET', KEYS[1], 'b', 0) end
end
return done`),

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
   * Forgets the consumers of stream KEYS[1]'s group ARGV[1] other than ARGV[2] that hold nothing:
   * each process start is a new consumer, and Redis keeps them all. Run by the partition's new
   * owner after it claimed the stream, so they are past owners; one that reads again (fenced
   * late) is simply created again. Returns how many went.
   */
  prune: new RedisScript(`
local gone = 0
for _, c in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
  local f = {}
  for i = 1, #c, 2 do f[c[i]] = c[i + 1] end
  if f.name ~= ARGV[2] and tonumber(f.pending) == 0 then
    redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], f.name)
    gone = gone + 1
  end
end
return gone`),

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
