/**
 * `npm run bench -- --cluster`: cluster mode on Redis (issue 12). A real redis-server, the emulator
 * in a process of its own (bench/cluster/cluster-server.ts) and every replica in a process of its
 * own (bench/cluster/replica.ts). Three parts:
 *
 * - scaling: handler awaiting a 20 ms timer, concurrency 8 per process, 1 / 2 / 4 processes, every
 *   one working (one of them also leads); a burst of 3 000 messages per process over 256
 *   conversations and 32 partitions; msg/s from first push to last ack.
 * - throughput: trivial handler, the same burst in one process without cluster (in-process) and
 *   through Redis with 1 and 2 processes; then push→ack at half each run's burst rate.
 * - failover: 2 working replicas under a 50 msg/s trickle; the leader is killed with SIGKILL and a
 *   replacement started, 10 times per lease; kill → new socket open, → next message acked.
 *
 * Flags: --rounds= (scaling and throughput rounds, default 3), --kills= (default 10),
 * --leases=10000,2000, --parts=scaling,throughput,failover, --quick (a smoke run, ~30 s),
 * --preencode=false (the emulator gzips each burst push as it sends it, inside the timed window).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cpus } from 'node:os';
import { RedisServer } from '../../test/support/redis-server.js';
import { Proc, type ProcLaunch } from '../proc.js';
import { num } from '../table.js';
import { printClusterReport, summarise, type ClusterBenchReport, type ClusterSummary } from './cluster-report.js';
import {
  epochMs,
  type FromClusterServer,
  type FromReplica,
  type ReplicaConfig,
  type ReplicaStats,
  type ToClusterServer,
  type ToReplica,
} from './cluster-shared.js';

type ServerProc = Proc<FromClusterServer, ToClusterServer>;
type ReplicaProc = Proc<FromReplica, ToReplica>;

export interface ClusterBenchOptions {
  launch: () => ProcLaunch;
  args: Map<string, string>;
  quick: boolean;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function runClusterBench({ launch, args, quick }: ClusterBenchOptions): Promise<ClusterBenchReport> {
  const rounds = Number(args.get('rounds') ?? (quick ? 1 : 3));
  const kills = Number(args.get('kills') ?? (quick ? 1 : 10));
  const leases = (args.get('leases') ?? (quick ? '1000' : '10000,2000')).split(',').map(Number);
  const parts = new Set((args.get('parts') ?? 'scaling,throughput,failover').split(','));
  const scaleProcs = (args.get('procs') ?? (quick ? '1,2' : '1,2,4')).split(',').map(Number);
  const perProc = Number(args.get('per-proc') ?? (quick ? 200 : 3_000));
  const trivialN = Number(args.get('n') ?? (quick ? 1_000 : 20_000));
  const latencyMs = quick ? 1_000 : 5_000;
  const verbose = args.get('verbose') === 'true';
  // As in the main bench: burst frames are encoded before the timed window (--preencode=false: per push).
  const preencode = args.get('preencode') !== 'false';

  console.log(
    `nestjs-mixin-blaze cluster bench${quick ? ' (quick)' : ''}: ${rounds} round(s); scaling ${scaleProcs.join('/')} processes × ${perProc} msgs, ` +
      `throughput N=${trivialN}, failover ${kills} kill(s) per lease ${leases.join('/')} ms; burst frames ${preencode ? 'pre-encoded' : 'gzipped per push'}; ${cpus().length} CPU(s), Node ${process.version}`,
  );
  const redis = await RedisServer.start();
  process.on('exit', () => void redis.stop());
  const report: ClusterBenchReport = { scaling: [], throughput: [], failover: [], summary: undefined as unknown as ClusterSummary };
  let peakConnections = 0;
  let runNo = 0;

  const redisCli = (...cmd: string[]): string => {
    try {
      return execFileSync('redis-cli', ['-p', String(redis.port), ...cmd], { encoding: 'utf8' });
    } catch {
      return ''; // redis-cli missing: no command counts
    }
  };
  /** Redis commands served since the last reset, by name (INFO commandstats). */
  const redisCommands = (): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const m of redisCli('INFO', 'commandstats').matchAll(/^cmdstat_([\w|]+):calls=(\d+)/gm)) out[m[1]] = Number(m[2]);
    return out;
  };

  /** Seconds of CPU Redis has used (INFO cpu), or NaN without redis-cli. */
  const redisCpuS = (): number => {
    const info = redisCli('INFO', 'cpu');
    const f = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
    return f('used_cpu_user') + f('used_cpu_sys');
  };

  /** A fresh emulator and an empty Redis. */
  const fresh = async () => {
    if (runNo > 0) {
      server.send({ type: 'connections' });
      peakConnections = Math.max(peakConnections, (await server.waitFor('connections', 5_000)).peak);
    }
    runNo++;
    // Without redis-cli each run still has its own key prefix.
    redisCli('FLUSHALL');
    server.send({ type: 'start' });
    return (await server.waitFor('started', 30_000)).endpoint;
  };

  // --profile: a V8 CPU profile of the emulator and every replica, in dist/bench-profiles/ (bench/profile-top.ts sums them).
  const profileDir = join(launch().root, 'dist', 'bench-profiles');
  if (args.get('profile') === 'true') mkdirSync(profileDir, { recursive: true });
  const profileArgs = (name: string) => (args.get('profile') === 'true' ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`] : []);
  const server: ServerProc = new Proc(launch(), 'cluster-server', 'bench/cluster/cluster-server.ts', {}, profileArgs('cluster-server'));
  const spawnReplica = (cfg: ReplicaConfig): ReplicaProc =>
    new Proc<FromReplica, ToReplica>(launch(), cfg.replicaId, 'bench/cluster/replica.ts', { BENCH_REPLICA: JSON.stringify(cfg) }, profileArgs(cfg.replicaId));

  const statsOf = async (replicas: ReplicaProc[]): Promise<(ReplicaStats | undefined)[]> =>
    Promise.all(
      replicas.map(async (r) => {
        if (r.exited) return undefined;
        r.send({ type: 'stats' });
        return r.waitFor('stats', 5_000).catch(() => undefined);
      }),
    );

  /** Waits until one replica leads with an open socket and the partitions are spread as the fair share says. */
  const settled = async (replicas: ReplicaProc[], partitions: number, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    const workers = replicas.filter((r) => !r.exited);
    const share = Math.ceil(partitions / workers.length);
    for (;;) {
      const stats = await statsOf(workers);
      const leaders = stats.filter((s) => s?.role === 'leader' && s.state === 'open').length;
      const owned = stats.map((s) => s?.partitions ?? 0);
      if (leaders === 1 && owned.every((p) => p > 0 && p <= share) && owned.reduce((a, b) => a + b, 0) === partitions) return stats as ReplicaStats[];
      if (Date.now() > deadline) throw new Error(`cluster did not settle within ${timeoutMs} ms: ${JSON.stringify(stats)}`);
      await sleep(100);
    }
  };

  const stopAll = async (replicas: ReplicaProc[]) => {
    for (const r of replicas) r.send({ type: 'stop' });
    await Promise.all(replicas.map((r) => r.kill(6_000)));
  };

  // ---------------------------------------------------------------- scaling
  if (parts.has('scaling')) {
    const partitions = 32;
    const conversations = 256;
    for (let round = 1; round <= rounds; round++) {
      for (const k of round % 2 ? scaleProcs : [...scaleProcs].reverse()) {
        const replicas: ReplicaProc[] = [];
        const row: ClusterBenchReport['scaling'][number] = { processes: k, round, spread: [], orderViolations: 0 };
        try {
          const endpoint = await fresh();
          for (let i = 0; i < k; i++) {
            replicas.push(spawnReplica({ endpoint, redis: redis.url, partitions, concurrency: 8, prefetch: 16, handlerMs: 20, keyPrefix: `bench${runNo}`, replicaId: `scale-${k}-${i}` }));
          }
          await Promise.all(replicas.map((r) => r.waitFor('ready', 60_000)));
          const before = await settled(replicas, partitions, 30_000);
          const n = perProc * k;
          server.send({ type: 'burst', n, conversations, timeoutMs: 30_000 + n * 5, preencode });
          row.result = (await server.waitFor('burstDone', 40_000 + n * 5)).result;
          const stats = await statsOf(replicas);
          row.spread = stats.map((s) => s?.handled ?? 0);
          // CPU of each process over the burst, as a share of one core: says whether the machine, not the design, was the limit.
          row.cpuPct = cpuShare(before, stats, 'cpuUs', row.result.wallMs);
          row.orderViolations = stats.reduce((a, s) => a + (s?.orderViolations ?? 0), 0);
        } catch (err) {
          row.error = (err as Error).message;
        } finally {
          await stopAll(replicas);
        }
        report.scaling.push(row);
        console.log(
          `scaling  r${round} ${k} proc: ${row.error ? `FAILED ${row.error.split('\n')[0]}` : `${num(row.result?.msgPerSec)} msg/s, ${num((row.result?.wallMs ?? 0) / 1000, 2)} s, handled ${row.spread.join('/')}, CPU ${row.cpuPct?.join('/')}% (server ${row.result?.serverCpuPct}%), order breaks ${row.orderViolations}`}`,
        );
      }
    }
  }

  // ---------------------------------------------------------------- throughput (trivial handler) and latency
  if (parts.has('throughput')) {
    const configs: { name: string; procs: number; redis: boolean }[] = [
      { name: 'in-process', procs: 1, redis: false },
      { name: 'redis, 1 process', procs: 1, redis: true },
      { name: 'redis, 2 processes', procs: 2, redis: true },
    ].filter((c, i) => !args.has('modes') || args.get('modes')!.split(',').includes(String(i)));
    const partitions = 16;
    const conversations = 500;
    for (let round = 1; round <= rounds; round++) {
      for (const c of round % 2 ? configs : [...configs].reverse()) {
        const replicas: ReplicaProc[] = [];
        const row: ClusterBenchReport['throughput'][number] = { config: c.name, round, orderViolations: 0 };
        try {
          const endpoint = await fresh();
          for (let i = 0; i < c.procs; i++) {
            replicas.push(
              spawnReplica({ endpoint, redis: c.redis ? redis.url : undefined, partitions, handlerMs: 0, keyPrefix: `bench${runNo}`, replicaId: `thr-${c.procs}-${i}` }),
            );
          }
          await Promise.all(replicas.map((r) => r.waitFor('ready', 60_000)));
          if (c.redis) await settled(replicas, partitions, 30_000);
          else await waitOpen(replicas[0], 15_000);
          const before = await statsOf(replicas);
          redisCli('CONFIG', 'RESETSTAT');
          const cpuBefore = redisCpuS();
          server.send({ type: 'burst', n: trivialN, conversations, timeoutMs: 60_000, preencode });
          row.burst = (await server.waitFor('burstDone', 70_000)).result;
          const after = await statsOf(replicas);
          row.cpuPct = cpuShare(before, after, 'cpuUs', row.burst.wallMs);
          row.sysPct = cpuShare(before, after, 'sysUs', row.burst.wallMs);
          if (c.redis) {
            row.redisCommands = redisCommands();
            row.redisCpuPct = Math.round(((redisCpuS() - cpuBefore) * 100_000) / row.burst.wallMs);
          }
          const rate = Math.max(10, Math.round(row.burst.msgPerSec / 2));
          server.send({ type: 'latency', rate, ms: latencyMs, conversations, timeoutMs: 30_000 });
          row.latency = (await server.waitFor('latencyDone', latencyMs + 40_000)).result;
          const stats = await statsOf(replicas);
          row.orderViolations = stats.reduce((a, s) => a + (s?.orderViolations ?? 0), 0);
        } catch (err) {
          row.error = (err as Error).message;
        } finally {
          await stopAll(replicas);
        }
        report.throughput.push(row);
        console.log(
          `thruput  r${round} ${c.name}: ${row.error ? `FAILED ${row.error.split('\n')[0]}` : `${num(row.burst?.msgPerSec)} msg/s (CPU: server ${row.burst?.serverCpuPct}%, replicas ${row.cpuPct?.join('/')}% (kernel ${row.sysPct?.join('/')}%)${row.redisCpuPct !== undefined ? `, Redis ${row.redisCpuPct}%` : ''}), p50/p99 ${num(row.latency?.p50Ms, 1)}/${num(row.latency?.p99Ms, 1)} ms @ ${row.latency?.rate}/s, ${num(trivialN / (row.burst?.ackRequests ?? NaN), 1)} acks per request, order breaks ${row.orderViolations}${row.redisCommands ? `, Redis commands per message ${perMessage(row.redisCommands, trivialN)}` : ''}`}`,
        );
      }
    }
  }

  // ---------------------------------------------------------------- failover
  if (parts.has('failover')) {
    const partitions = 16;
    for (const leaseMs of leases) {
      const replicas: ReplicaProc[] = [];
      let spawned = 0;
      try {
        const endpoint = await fresh();
        const spawn = () => {
          const r = spawnReplica({ endpoint, redis: redis.url, partitions, leaseMs, handlerMs: 0, keyPrefix: `bench${runNo}`, replicaId: `fo-${leaseMs}-${spawned++}` });
          replicas.push(r);
          return r;
        };
        for (let i = 0; i < 2; i++) await spawn().waitFor('ready', 60_000);
        server.send({ type: 'trickle', rate: 50, conversations: 64 });
        await server.waitFor('trickling', 5_000);
        for (let kill = 1; kill <= kills; kill++) {
          const row: ClusterBenchReport['failover'][number] = { leaseMs, kill };
          try {
            const live = replicas.filter((r) => !r.exited);
            const stats = await settled(live, partitions, 60_000);
            // Kill at a random point of the renewal period, as a crash would.
            await sleep(Math.random() * (leaseMs / 4));
            const leader = live[stats.findIndex((s) => s.role === 'leader')];
            const at = epochMs();
            leader.child.kill('SIGKILL');
            server.send({ type: 'killed', at, timeoutMs: leaseMs * 3 + 30_000 });
            const replacement = spawn();
            row.result = (await server.waitFor('failoverDone', leaseMs * 3 + 40_000)).result;
            await replacement.waitFor('ready', 60_000);
          } catch (err) {
            row.error = (err as Error).message;
          }
          report.failover.push(row);
          const r = row.result;
          console.log(
            `failover lease ${leaseMs} ms, kill ${kill}: ${row.error ? `FAILED ${row.error.split('\n')[0]}` : `socket open ${num(r!.openMs)} ms, next ack ${num(r!.nextAckMs)} ms, caught up ${num(r!.caughtUpMs)} ms`}`,
          );
          if (row.error) break;
        }
      } finally {
        await stopAll(replicas);
      }
    }
  }

  server.send({ type: 'connections' });
  peakConnections = Math.max(peakConnections, (await server.waitFor('connections', 5_000).catch(() => ({ peak: 0 }))).peak);
  server.send({ type: 'close' });
  await server.waitFor('closed', 5_000).catch(() => undefined);
  await server.kill(2_000);
  await redis.stop();

  report.summary = summarise(report, peakConnections);
  printClusterReport(report, { verbose });
  return report;
}

/** In-process mode: the socket is open (stats state). */
async function waitOpen(r: ReplicaProc, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    r.send({ type: 'stats' });
    if ((await r.waitFor('stats', 5_000)).state === 'open') return;
    if (Date.now() > deadline) throw new Error(`${r.name}: socket not open within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** Each process's CPU (`field`, µs) between two stats, as a percentage of one core over `wallMs`. */
function cpuShare(before: (ReplicaStats | undefined)[], after: (ReplicaStats | undefined)[], field: 'cpuUs' | 'sysUs', wallMs: number): number[] {
  return after.map((a, i) => Math.round(((a?.[field] ?? 0) - (before[i]?.[field] ?? 0)) / 10 / wallMs));
}

/** Redis commands per message, the busiest first: `evalsha 0.01, xreadgroup 0.20, …`. */
function perMessage(counts: Record<string, number>, n: number): string {
  const rows = Object.entries(counts).filter(([name]) => !['config|resetstat', 'info', 'hmget', 'ping'].includes(name));
  const total = rows.reduce((a, [, c]) => a + c, 0);
  return `${num(total / n, 2)} (${rows.sort((a, b) => b[1] - a[1]).map(([name, c]) => `${name} ${num(c / n, 3)}`).join(', ')})`;
}
