/**
 * The runner of the cluster chaos scenarios (./cluster-scenarios.ts, issue 12): replicas of the
 * fault-matrix bot run as child processes (`test/bots/fault-matrix-bot.ts` with `cluster` options)
 * against one emulator and a real redis-server in this process. Each scenario feeds a backlog,
 * injects its fault once a third of it is acked, and waits until every message is acked. The
 * report carries the fault matrix's columns; "forced" is what the fault may make run twice, as
 * each scenario marks it (`markForced`, `markStartedBy`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MixinBlazeModuleOptions } from 'nestjs-mixin-blaze';
import { BlazeEmulator } from 'nestjs-mixin-blaze/testing';
import { BotChild, DoneFile } from '../fault-matrix/bot-child.js';
import { countSentTwice } from '../fault-matrix/harness.js';
import type { ChildConfig } from '../bots/fault-matrix-bot.js';
import { RedisServer } from '../support/redis-server.js';
import { TcpProxy } from '../support/tcp-proxy.js';

/** One scenario's row. */
export interface ClusterReport {
  scenario: string;
  fed: number;
  handled: number;
  acked: number;
  lost: number;
  earlyAcks: number;
  handledTwice: number;
  /** Handled twice outside the forced set: must be 0. */
  unforcedTwice: number;
  forced: number;
  orderViolations: number;
  sentTwice: number;
  /** The most Blaze connections of the session open at once: must be 1. */
  peakReaders: number;
  /** Blaze connections after the first (failovers, fenced leaders). */
  reconnects: number;
  /** Messages each replica finished (by pid), to show the work spread. */
  spread: number[];
  seconds: number;
}

/** What the scenario does to the running cluster, once a third of the backlog is acked. */
export interface Fault {
  /** Replicas to start; `viaProxy` replica 0 reaches Redis through a cuttable proxy. */
  replicas: number;
  viaProxy?: boolean;
  handlerMs: [number, number];
  inject(c: ClusterRun): Promise<void>;
}

/** A running cluster, for a fault to act on. */
export interface ClusterRun {
  emu: BlazeEmulator;
  redis: RedisServer;
  proxy?: TcpProxy;
  children: BotChild[];
  /** Marks as forced what was started (by `pid`: finished, and not acked or not marked handled in Redis) and is not acked now. */
  markForced(pid?: number): Promise<void>;
  /** Marks as forced what `pid` started and was not acked in `ackedBefore`. */
  markStartedBy(pid: number, ackedBefore: Set<string>): Promise<void>;
  leader(): BotChild | undefined;
  /** Starts one more replica (a standby process loads first, then goes). */
  spawn(): Promise<BotChild>;
  until(condition: () => boolean, what: string): Promise<void>;
  /** Feeds `n` more messages into the backlog (counted like the first ones). */
  feed(n: number): void;
}

const FAST: Partial<MixinBlazeModuleOptions> = {
  ackFlushIntervalMs: 10,
  reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
  requestTimeoutMs: 3_000,
};
const LEASE_MS = 2_000;

/** Which of `ids` carry the handled mark in Redis (any key prefix: one bot per test Redis). */
async function handledInRedis(url: string, ids: string[]): Promise<Set<string>> {
  const { Redis } = await import('ioredis');
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    const keys = new Map<string, string>();
    let cursor = '0';
    do {
      const [next, batch] = await client.scan(cursor, 'MATCH', '*:m:*', 'COUNT', 1000);
      cursor = next;
      const states = batch.length > 0 ? await client.mget(...batch) : [];
      batch.forEach((key, i) => keys.set(key.slice(key.lastIndexOf(':') + 1), states[i] ?? ''));
    } while (cursor !== '0');
    return new Set(ids.filter((id) => keys.get(id) === 'h'));
  } finally {
    client.disconnect();
  }
}
const CONVERSATIONS = 25;

export async function runClusterScenario(name: string, fault: Fault, n: number, timeoutMs: number): Promise<ClusterReport> {
  const started = Date.now();
  const deadline = started + timeoutMs;
  const redis = await RedisServer.start();
  const emu = await BlazeEmulator.start();
  const proxy = fault.viaProxy ? await TcpProxy.listen(redis.port) : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'cluster-chaos-'));
  const file = new DoneFile(join(dir, 'done.log'));
  const children: BotChild[] = [];
  const forced = new Set<string>();
  let earlyAcks = 0;
  try {
    const config = (viaProxy: boolean, i: number): ChildConfig => ({
      options: {
        ...emu.moduleOptions(),
        ...FAST,
        cluster: { redis: viaProxy ? proxy!.url : redis.url, leaseMs: LEASE_MS, partitions: 8, replicaId: `replica-${i}` },
      },
      doneFile: file.path,
      handlerMs: fault.handlerMs,
      replyEvery: 10,
      statsIntervalMs: 50,
    });
    let spawned = 0;
    const until = async (condition: () => boolean, what: string) => {
      try {
        await emu.waitFor(condition, Math.max(1, deadline - Date.now()), what);
      } catch (err) {
        file.refresh();
        if (process.env.CLUSTER_DEBUG) {
          const { execSync } = await import('node:child_process');
          const cli = (cmd: string) => execSync(`redis-cli -p ${redis.port} ${cmd}`).toString();
          const keys = cli('--scan').split('\n').filter((k) => k && !k.includes(':m:'));
          let dump = `keys: ${keys.join(' ')}\n`;
          for (const k of keys) {
            if (k.includes(':p:')) dump += `${k} len ${cli(`XLEN '${k}'`).trim()} pending ${cli(`XPENDING '${k}' workers`).replace(/\n/g, ' ')}\n`;
            else if (k.includes(':pl:') || k.endsWith(':leader')) dump += `${k} = ${cli(`GET '${k}'`).trim()}\n`;
          }
          dump += `message state keys: ${cli(`--scan --pattern '*:m:*'`).split('\n').length}\n`;
          process.stderr.write(dump);
        }
        const state = children.map((c) => `${c.pid}: ${c.exitText()} ${JSON.stringify(c.last)}`).join('\n');
        throw new Error(`${name}: ${(err as Error).message}\nnot acked: ${emu.pending().length}, done: ${file.done.size}, started: ${file.started.size}\n${state}${children.map((c) => c.describe()).join('')}`);
      }
    };
    const spawn = async (): Promise<BotChild> => {
      const i = spawned++;
      const child = new BotChild(config(i === 0 && !!fault.viaProxy, i));
      children.push(child);
      await until(() => child.ready || !!child.exit, `replica ${i} to start`);
      return child;
    };
    const run: ClusterRun = {
      emu,
      redis,
      proxy,
      children,
      until,
      spawn,
      markStartedBy: async (pid, ackedBefore) => {
        file.refresh();
        for (const [id, pids] of file.startPids) if (pids.includes(String(pid)) && !ackedBefore.has(id)) forced.add(id);
      },
      markForced: async (pid) => {
        file.refresh();
        if (pid === undefined) {
          for (const id of file.started.keys()) if (!emu.isAcked(id)) forced.add(id);
          return;
        }
        // A killed replica: only what it finished and had not recorded as handled in Redis
        // ("killed between finishing and recording") may be handled again. An ack that landed
        // without the mark still leaves the queue entry to be reclaimed.
        const done = [...file.donePids].filter(([, pids]) => pids.includes(String(pid))).map(([id]) => id);
        const marked = await handledInRedis(redis.url, done);
        for (const id of done) if (!emu.isAcked(id) || !marked.has(id)) forced.add(id);
      },
      feed: () => undefined,
      leader: () => children.find((c) => !c.exit && c.last?.role === 'leader' && c.last.state === 'open'),
    };

    // Replica 0 first, so that it leads (the proxy scenario cuts the leader).
    await spawn();
    await until(() => run.leader() === children[0], 'replica 0 to lead');
    for (let i = 1; i < fault.replicas; i++) await spawn();
    await until(() => children.every((c) => (c.last?.partitions ?? 0) > 0), 'every replica to own partitions');

    const fed: string[] = [];
    const fedSet = new Set<string>();
    run.feed = (count) => {
      const base = fed.length;
      for (const id of emu.userSendsMany(count, (i) => ({
        category: 'PLAIN_TEXT',
        payload: String(base + i),
        conversationId: `00000000-0000-4000-8000-${String((base + i) % CONVERSATIONS).padStart(12, '0')}`,
      }))) {
        fed.push(id);
        fedSet.add(id);
      }
    };
    run.feed(n);
    let acked = 0;
    emu.on('ack', (ack) => {
      if (!fedSet.has(ack.messageId)) return;
      if (!file.isDone(ack.messageId)) earlyAcks++;
      acked++;
    });
    await until(() => acked >= n / 3, `a third of the backlog to be acked (${acked}/${n})`);
    await fault.inject(run);
    await until(() => fed.every((id) => emu.isAcked(id)), `every message to be acked after the fault`);

    file.refresh();
    const twice = fed.filter((id) => (file.done.get(id) ?? 0) > 1);
    const pids = children.map((c) => String(c.pid));
    return {
      scenario: name,
      fed: fed.length,
      handled: fed.filter((id) => file.done.has(id)).length,
      acked: fed.filter((id) => emu.isAcked(id)).length,
      lost: fed.filter((id) => !file.done.has(id) || !emu.isAcked(id)).length,
      earlyAcks,
      handledTwice: twice.length,
      unforcedTwice: twice.filter((id) => !forced.has(id)).length,
      forced: forced.size,
      // A forced message finished late by a replica that lost its partition is not an order break of the cluster's.
      orderViolations: file.orderViolators.filter((id) => !forced.has(id)).length,
      sentTwice: countSentTwice(emu),
      peakReaders: emu.peakOpenConnections,
      reconnects: emu.connections - 1,
      spread: pids.map((pid) => fed.filter((id) => file.donePids.get(id)?.[0] === pid).length),
      seconds: Math.round((Date.now() - started) / 100) / 10,
    };
  } finally {
    for (const child of children) child.kill('SIGKILL');
    await Promise.all(children.map((c) => c.waitExit(5_000, 'a killed child to exit').catch(() => undefined)));
    await proxy?.close();
    await emu.close();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
