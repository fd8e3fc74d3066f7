/**
 * Cluster mode in one process: two replicas of one bot (two Nest apps) against a real
 * redis-server and the emulator. Only one holds the Blaze socket; both run handlers; every message
 * is handled once and acked once; a replica that closes hands the lease over at once.
 */
import { Injectable } from '@nestjs/common';
import { Message, MixinBlazeHealthIndicator, OnMessage, type BlazeMessage } from 'nestjs-mixin-blaze';
import { BlazeEmulator } from 'nestjs-mixin-blaze/testing';
import { deferred, startBot, waitUntil, type BotApp } from './support/bot-app.js';
import { RedisServer } from './support/redis-server.js';

const handledBy = new Map<string, string[]>();
/** While set, handlers wait for it: the cluster's work piles up. */
let gate: Promise<void> | undefined;
const orderBroken: string[] = [];
const lastSeq = new Map<string, number>();

function handlerFor(replica: string) {
  @Injectable()
  class Handler {
    @OnMessage('PLAIN_TEXT')
    async onText(@Message() m: BlazeMessage<string>): Promise<void> {
      await gate;
      await new Promise((resolve) => setTimeout(resolve, 2));
      const seq = Number(m.payload);
      if ((lastSeq.get(m.conversationId) ?? -1) > seq) orderBroken.push(m.messageId);
      lastSeq.set(m.conversationId, seq);
      handledBy.set(m.messageId, [...(handledBy.get(m.messageId) ?? []), replica]);
    }
  }
  return Handler;
}

describe('cluster mode (two replicas in one process, real Redis)', () => {
  let redis: RedisServer;
  let emu: BlazeEmulator;
  const bots: BotApp[] = [];

  beforeAll(async () => {
    redis = await RedisServer.start();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  beforeEach(async () => {
    emu = await BlazeEmulator.start();
    handledBy.clear();
    lastSeq.clear();
    orderBroken.length = 0;
  });
  afterEach(async () => {
    for (const bot of bots.splice(0)) await bot.close().catch(() => undefined);
    await emu.close();
  });

  const replica = async (name: string, extra: Record<string, unknown> = {}) => {
    const bot = await startBot(emu, [handlerFor(name)], {
      cluster: { redis: redis.url, leaseMs: 1000, replicaId: name, keyPrefix: `t${Date.now()}`, partitions: 8, ...extra },
    });
    bots.push(bot);
    return bot;
  };

  it('elects one leader, spreads the work, handles and acks every message once, in order', async () => {
    const prefix = { keyPrefix: `basic${Date.now()}` };
    const a = await replica('a', prefix);
    const b = await replica('b', prefix);
    await waitUntil(() => [a, b].some((x) => x.blaze.state === 'open'), 10_000, 'a leader to connect');
    await waitUntil(() => a.blaze.stats().cluster!.partitions.length === 4 && b.blaze.stats().cluster!.partitions.length === 4, 10_000, 'partitions to spread 4/4');
    const leader = a.blaze.state === 'open' ? a : b;
    const standby = leader === a ? b : a;
    expect(standby.blaze.state).toBe('standby');
    expect(leader.blaze.stats().cluster!.role).toBe('leader');
    expect(standby.blaze.stats().cluster!.role).toBe('standby');

    const ids = emu.userSendsMany(400, (i) => ({ category: 'PLAIN_TEXT', payload: String(i), conversationId: `00000000-0000-4000-8000-${String(i % 20).padStart(12, '0')}` }));
    await emu.waitForAcks(ids, 20_000);
    expect(ids.filter((id) => handledBy.get(id)?.length !== 1)).toEqual([]);
    const byA = ids.filter((id) => handledBy.get(id)![0] === 'a').length;
    expect(byA).toBeGreaterThan(0);
    expect(byA).toBeLessThan(400);
    expect(orderBroken).toEqual([]);
    expect(emu.peakOpenConnections).toBe(1);
    expect(emu.acks.filter((x) => ids.includes(x.messageId)).length).toBe(400);
  });

  it('stops reading Blaze while the cluster has highWaterMark messages unfinished, and reads again', async () => {
    const hold = deferred();
    gate = hold.promise;
    try {
      const a = await startBot(emu, [handlerFor('a')], {
        highWaterMark: 40,
        cluster: { redis: redis.url, leaseMs: 1000, replicaId: 'a', keyPrefix: `pressure${Date.now()}`, partitions: 4, prefetch: 8 },
      });
      bots.push(a);
      await waitUntil(() => a.blaze.state === 'open', 10_000, 'a to lead');
      const ids = emu.userSendsMany(400, (i) => ({ category: 'PLAIN_TEXT', payload: String(i), conversationId: `00000000-0000-4000-8000-${String(i % 40).padStart(12, '0')}` }));
      await waitUntil(() => a.blaze.stats().cluster!.paused && a.blaze.stats().cluster!.unfinished >= 40, 10_000, 'the leader to stop reading, over the mark');
      const { unfinished } = a.blaze.stats().cluster!;
      // Over the mark, and far from all 400: the socket was not read to the end.
      expect(unfinished).toBeGreaterThanOrEqual(40);
      expect(unfinished).toBeLessThan(400);
      expect(emu.acks.length).toBe(0);
      hold.resolve();
      await emu.waitForAcks(ids, 30_000);
      expect(ids.filter((id) => handledBy.get(id)?.length !== 1)).toEqual([]);
      expect(orderBroken).toEqual([]);
    } finally {
      hold.resolve();
      gate = undefined;
    }
  });

  it('hands the lease over at once when the leader closes', async () => {
    const prefix = { keyPrefix: `handover${Date.now()}`, leaseMs: 30_000 };
    const a = await replica('a', prefix);
    await waitUntil(() => a.blaze.state === 'open', 10_000, 'a to lead');
    const b = await replica('b', prefix);
    await waitUntil(() => b.blaze.state === 'standby', 10_000, 'b to stand by');
    await waitUntil(() => a.blaze.stats().cluster!.partitions.length === 4 && b.blaze.stats().cluster!.partitions.length === 4, 10_000, 'partitions to spread 4/4');
    // Fifty conversations: some land in a's partitions, so a becomes a consumer of their streams.
    const before = emu.userSendsMany(50, (i) => ({ category: 'PLAIN_TEXT', payload: String(i), conversationId: crypto.randomUUID() }));
    await emu.waitForAcks(before, 20_000);
    expect(await consumerNames(prefix.keyPrefix)).toContain('a');
    const closedAt = Date.now();
    await a.close();
    bots.splice(bots.indexOf(a), 1);
    // Far sooner than the 30 s lease: the lease was released, not left to expire.
    await waitUntil(() => b.blaze.state === 'open', 10_000, 'b to take over');
    expect(Date.now() - closedAt).toBeLessThan(10_000);
    const ids = emu.userSendsMany(50, (i) => ({ category: 'PLAIN_TEXT', payload: String(50 + i) }));
    await emu.waitForAcks(ids, 20_000);
    expect(ids.every((id) => handledBy.get(id)?.join() === 'b')).toBe(true);
    expect(emu.peakOpenConnections).toBe(1);

    // Every process start is a stream consumer; a's are forgotten once b claimed its partitions.
    await waitUntil(() => b.blaze.stats().cluster!.partitions.length === 8, 10_000, 'b to own every partition');
    let names: string[] = [];
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
      names = await consumerNames(prefix.keyPrefix);
      if (!names.includes('a')) break;
    }
    expect(names).toEqual(['b']);
  });

  /** The replica ids behind the consumers of every partition stream (the consumer is `id#random`). */
  const consumerNames = async (keyPrefix: string): Promise<string[]> => {
    const { Redis } = await import('ioredis');
    const client = new Redis(redis.url);
    try {
      const names = new Set<string>();
      for (const stream of await client.keys(`${keyPrefix}:*:p:*`)) {
        const consumers = (await client.call('XINFO', 'CONSUMERS', stream, 'workers')) as string[][];
        for (const c of consumers) names.add(c[c.indexOf('name') + 1].split('#')[0]);
      }
      return [...names].sort();
    } finally {
      client.disconnect();
    }
  };

  it('health: a standby is up while it reaches Redis, down once Redis was unreachable longer than the threshold, up again after', async () => {
    const prefix = { keyPrefix: `health${Date.now()}` };
    const withHealth = async (name: string) => {
      const bot = await startBot(emu, [handlerFor(name), MixinBlazeHealthIndicator], { cluster: { redis: redis.url, leaseMs: 1000, replicaId: name, partitions: 8, ...prefix } });
      bots.push(bot);
      return bot;
    };
    const a = await withHealth('a');
    await waitUntil(() => a.blaze.state === 'open', 10_000, 'a to lead');
    const b = await withHealth('b');
    const health = () => b.app.get(MixinBlazeHealthIndicator).isHealthy('blaze', { maxNotOpenMs: 300 }).blaze;
    // Standby for longer than the threshold, and still up: it is not "not open", it is waiting its turn.
    await waitUntil(() => health().state === 'standby' && health().stateForMs > 300, 10_000, 'b to stand by past the threshold');
    expect(health()).toMatchObject({ status: 'up', role: 'standby', redisDownForMs: 0 });

    await redis.stop();
    try {
      await waitUntil(() => health().status === 'down', 10_000, 'the standby to be down without Redis');
      expect(health().reason).toMatch(/^standby, and Redis unreachable for \d+ ms \(more than 300 ms\)$/);
    } finally {
      await redis.start();
    }
    await waitUntil(() => health().status === 'up', 15_000, 'the standby to be up again with Redis back');
  });

  it('takes a message whose ack Mixin refuses off the queue, so its partition is not held forever', async () => {
    const a = await replica('a', { keyPrefix: `refused${Date.now()}` });
    await waitUntil(() => a.blaze.state === 'open', 10_000, 'a to lead');
    const [bad, good] = emu.userSendsMany(2, (i) => ({ category: 'PLAIN_TEXT', payload: String(i), conversationId: '00000000-0000-4000-8000-000000000001' }));
    emu.faults.refuseAckOf(bad);
    await emu.waitForAcks([good], 10_000);
    await waitUntil(() => emu.refusals.length > 0, 10_000, 'the ack to be refused');
    expect(handledBy.get(bad)).toEqual(['a']);
    await waitUntil(() => a.blaze.stats().cluster!.held === 0, 10_000, 'the refused message to leave the queue');
  });
});
