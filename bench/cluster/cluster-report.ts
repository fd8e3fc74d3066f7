/** The cluster bench's figures: the report's shape, its medians, and the printed tables. */
import { median } from '../shared.js';
import { formatTable, num, target } from '../table.js';
import type { BurstResult, FailoverResult, LatencyResult } from './cluster-shared.js';

/** Every figure of a cluster bench run (the BENCH_JSON line). */
export interface ClusterBenchReport {
  scaling: { processes: number; round: number; result?: BurstResult; spread: number[]; cpuPct?: number[]; orderViolations: number; error?: string }[];
  throughput: { config: string; round: number; burst?: BurstResult; latency?: LatencyResult; orderViolations: number; redisCommands?: Record<string, number>; redisCpuPct?: number; cpuPct?: number[]; sysPct?: number[]; error?: string }[];
  failover: { leaseMs: number; kill: number; result?: FailoverResult; error?: string }[];
  summary: ClusterSummary;
}

export interface ClusterSummary {
  scaling: Record<string, number>;
  speedup2: number;
  speedup4: number;
  throughput: Record<string, { msgPerSec: number; p50Ms: number; p99Ms: number; latencyRate: number }>;
  failover: Record<string, { openMedianMs: number; openMaxMs: number; ackMedianMs: number; ackMaxMs: number; caughtUpMedianMs: number; caughtUpMaxMs: number; kills: number }>;
  peakConnections: number;
  failures: number;
}

export function summarise(report: ClusterBenchReport, peakConnections: number): ClusterSummary {
  const scaling: Record<string, number> = {};
  for (const k of new Set(report.scaling.map((s) => s.processes))) {
    scaling[k] = median(report.scaling.filter((s) => s.processes === k && s.result).map((s) => s.result!.msgPerSec));
  }
  const throughput: ClusterSummary['throughput'] = {};
  for (const c of new Set(report.throughput.map((t) => t.config))) {
    const rows = report.throughput.filter((t) => t.config === c && !t.error);
    throughput[c] = {
      msgPerSec: median(rows.map((r) => r.burst!.msgPerSec)),
      p50Ms: median(rows.map((r) => r.latency!.p50Ms)),
      p99Ms: median(rows.map((r) => r.latency!.p99Ms)),
      latencyRate: median(rows.map((r) => r.latency!.rate)),
    };
  }
  const failover: ClusterSummary['failover'] = {};
  for (const lease of new Set(report.failover.map((f) => f.leaseMs))) {
    const rs = report.failover.filter((f) => f.leaseMs === lease && f.result).map((f) => f.result!);
    failover[lease] = {
      kills: rs.length,
      openMedianMs: median(rs.map((r) => r.openMs)),
      openMaxMs: Math.max(...rs.map((r) => r.openMs)),
      ackMedianMs: median(rs.map((r) => r.nextAckMs)),
      ackMaxMs: Math.max(...rs.map((r) => r.nextAckMs)),
      caughtUpMedianMs: median(rs.map((r) => r.caughtUpMs)),
      caughtUpMaxMs: Math.max(...rs.map((r) => r.caughtUpMs)),
    };
  }
  const failures = [...report.scaling, ...report.throughput, ...report.failover].filter((r) => r.error).length;
  return { scaling, speedup2: scaling[2] / scaling[1], speedup4: scaling[4] / scaling[1], throughput, failover, peakConnections, failures };
}

export function printClusterReport(report: ClusterBenchReport, { verbose }: { verbose: boolean }): void {
  const s = report.summary;
  console.log('\nScaling: handler awaits 20 ms, concurrency 8, prefetch 16 per process; every process works, one also leads (medians)');
  console.log(
    formatTable(
      [{ key: 'name', title: 'processes' }, { key: 'rate', title: 'msg/s' }, { key: 'x', title: 'vs 1 process' }],
      Object.entries(s.scaling).map(([k, rate]) => ({ name: k, cells: { rate: num(rate), x: `${(rate / s.scaling[1]).toFixed(2)}x` } })),
    ),
  );
  console.log('\nTrivial handler: burst msg/s, then push→ack at half of each run\'s burst rate (medians)');
  console.log(
    formatTable(
      [{ key: 'name', title: 'mode' }, { key: 'rate', title: 'msg/s' }, { key: 'lat', title: 'p50 / p99 ms' }, { key: 'at', title: 'at msg/s' }],
      Object.entries(s.throughput).map(([c, t]) => ({ name: c, cells: { rate: num(t.msgPerSec), lat: `${num(t.p50Ms, 1)} / ${num(t.p99Ms, 1)}`, at: num(t.latencyRate) } })),
    ),
  );
  console.log('\nFailover: SIGKILL of the leader, 2 working replicas, 50 msg/s trickle');
  console.log(
    formatTable(
      [{ key: 'name', title: 'lease ms' }, { key: 'k', title: 'kills' }, { key: 'open', title: 'socket open med / max ms' }, { key: 'ack', title: 'next ack med / max ms' }, { key: 'cu', title: 'caught up med / max ms' }],
      Object.entries(s.failover).map(([lease, f]) => ({
        name: lease,
        cells: { k: String(f.kills), open: `${num(f.openMedianMs)} / ${num(f.openMaxMs)}`, ack: `${num(f.ackMedianMs)} / ${num(f.ackMaxMs)}`, cu: `${num(f.caughtUpMedianMs)} / ${num(f.caughtUpMaxMs)}` },
      })),
    ),
  );
  const redis1 = s.throughput['redis, 1 process']?.msgPerSec;
  const redisBest = Math.max(...Object.entries(s.throughput).filter(([c]) => c.startsWith('redis')).map(([, t]) => t.msgPerSec));
  console.log('\nTargets (issue 12):');
  if (s.scaling[2] !== undefined) console.log(target('2 processes ≥ 1.8× one', `${s.speedup2.toFixed(2)}x`, s.speedup2 >= 1.8));
  if (s.scaling[4] !== undefined) console.log(target('4 processes ≥ 3.2× one', `${s.speedup4.toFixed(2)}x`, s.speedup4 >= 3.2));
  if (Number.isFinite(redisBest)) console.log(target('≥ 5 000 msg/s through one Redis', `${num(redisBest)} msg/s (1 process ${num(redis1)})`, redisBest >= 5_000));
  console.log(target('one Blaze connection open at a time', `peak ${s.peakConnections}`, s.peakConnections <= 1));
  const breaks = [...report.scaling, ...report.throughput].reduce((a, r) => a + r.orderViolations, 0);
  console.log(target('per-conversation order', `${breaks} breaks`, breaks === 0));
  if (verbose) console.log(JSON.stringify(report, null, 2));
}
