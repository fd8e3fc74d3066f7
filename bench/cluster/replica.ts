/**
 * One replica of the cluster bench: a Nest app with one `@OnMessage('PLAIN_TEXT')` handler that
 * awaits a timer of BENCH_REPLICA.handlerMs (0: returns at once), auto-ack over HTTP. With
 * `redis` set it runs in cluster mode; without, it is the in-process baseline, same handler.
 * It connects the way a deployed bot does (autoConnect): in cluster mode, Nest's boot and the
 * election happen before the orchestrator injects anything, so neither is in a timed window.
 */
import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MixinBlazeModule, MixinBlazeService, OnMessage, type MixinBlazeModuleOptions, type TextMessage } from 'nestjs-mixin-blaze';
import type { FromReplica, ReplicaConfig, ToReplica } from './cluster-shared.js';

const config = JSON.parse(process.env.BENCH_REPLICA ?? 'null') as ReplicaConfig | null;
if (!config) throw new Error('BENCH_REPLICA is not set: replicas are started by bench/cluster/run-cluster.ts');
const send = (m: FromReplica) => process.send?.(m);
// Orphaned (orchestrator gone) means exit.
process.on('disconnect', () => process.exit(0));

let handled = 0;
let orderViolations = 0;
/** Last sequence number seen per conversation: across a cluster a process sees a subsequence, so only "backwards" is a break. */
const lastSeq = new Map<string, number>();
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

@Injectable()
class BenchHandler {
  @OnMessage('PLAIN_TEXT')
  async onText(message: TextMessage): Promise<void> {
    handled++;
    const text = message.payload;
    const colon = text.indexOf(':');
    const conv = text.slice(0, colon);
    const seq = Number.parseInt(text.slice(colon + 1), 10);
    if ((lastSeq.get(conv) ?? -1) >= seq) orderViolations++;
    lastSeq.set(conv, seq);
    if (config!.handlerMs > 0) await sleep(config!.handlerMs);
  }
}

const options: MixinBlazeModuleOptions = {
  ...config.endpoint,
  ...(config.concurrency ? { concurrency: config.concurrency } : {}),
  // BENCH_HWM: experiments with the cluster-wide high-water mark (default 1000).
  ...(process.env.BENCH_HWM ? { highWaterMark: Number(process.env.BENCH_HWM) } : {}),
  // A bench restarts nothing: reconnect fast, as the chaos tests do, so a new leader is not held back by backoff.
  reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
  ...(config.redis
    ? {
        cluster: {
          redis: config.redis,
          replicaId: config.replicaId,
          ...(config.leaseMs ? { leaseMs: config.leaseMs } : {}),
          ...(config.partitions ? { partitions: config.partitions } : {}),
          ...(config.prefetch ? { prefetch: config.prefetch } : {}),
          ...(config.work !== undefined ? { work: config.work } : {}),
          ...(config.keyPrefix ? { keyPrefix: config.keyPrefix } : {}),
        },
      }
    : {}),
};

@Module({ imports: [MixinBlazeModule.forRoot(options)], providers: [BenchHandler] })
class ReplicaModule {}

const cpu0 = process.cpuUsage();
const app = await NestFactory.createApplicationContext(ReplicaModule, { logger: (process.env.BENCH_REPLICA_LOG?.split(',') ?? ['error']) as ('log' | 'warn' | 'error')[] });
const blaze = app.get(MixinBlazeService);
let stopping = false;

process.on('message', (msg: ToReplica) => {
  if (msg.type === 'stats') {
    const s = blaze.stats();
    const cpu = process.cpuUsage(cpu0);
    send({
      type: 'stats',
      role: s.cluster?.role ?? 'leader',
      state: blaze.state,
      partitions: s.cluster?.partitions.length ?? 0,
      handled,
      orderViolations,
      cpuUs: cpu.user + cpu.system,
      sysUs: cpu.system,
      maxRssKb: process.resourceUsage().maxRSS,
    });
  } else if (msg.type === 'stop' && !stopping) {
    stopping = true;
    setTimeout(() => process.exit(0), 5_000).unref();
    void app.close().finally(() => {
      send({ type: 'stopped' });
      setTimeout(() => process.exit(0), 20);
    });
  }
});
send({ type: 'ready', pid: process.pid });
