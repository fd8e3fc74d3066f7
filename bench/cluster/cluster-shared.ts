/**
 * IPC shapes of the cluster bench (`npm run bench -- --cluster`): the orchestrator
 * (bench/cluster/run-cluster.ts), the emulator process (bench/cluster/cluster-server.ts) and the
 * replica processes (bench/cluster/replica.ts). Times that cross processes are epoch milliseconds
 * (`performance.timeOrigin + performance.now()`): one machine, one clock.
 */
import type { EmuEndpoint } from '../shared.js';

/** How a replica process is configured (JSON in BENCH_REPLICA). */
export interface ReplicaConfig {
  endpoint: EmuEndpoint;
  /** Redis URL; absent: plain in-process mode (no cluster), the baseline. */
  redis?: string;
  leaseMs?: number;
  partitions?: number;
  prefetch?: number;
  work?: boolean;
  keyPrefix?: string;
  replicaId: string;
  concurrency?: number;
  /** Handler time: awaits a timer of this many ms (0: returns at once). */
  handlerMs: number;
}

export type ToReplica = { type: 'stats' } | { type: 'stop' };
export interface ReplicaStats {
  type: 'stats';
  role: string;
  state: string;
  partitions: number;
  handled: number;
  /** A conversation's sequence number going backwards in this process (handled out of order). */
  orderViolations: number;
  cpuUs: number;
  /** Of which in the kernel. */
  sysUs?: number;
  maxRssKb: number;
}
export type FromReplica = { type: 'ready'; pid: number } | ReplicaStats | { type: 'stopped' } | { type: 'error'; message: string };

/** Burst: `n` messages at once over `conversations`, timed from the first push to the last ack. */
export interface BurstResult {
  n: number;
  acked: number;
  wallMs: number;
  msgPerSec: number;
  serverCpuPct: number;
  /** POST /acknowledgements requests the emulator served during the burst. */
  ackRequests?: number;
}

/** Steady rate: push→ack latency of every message injected at `rate` for `ms`. */
export interface LatencyResult {
  rate: number;
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  allAcked: boolean;
}

/** One leader kill, measured in the server process from the kill time the orchestrator sent. */
export interface FailoverResult {
  /** Kill → the next Blaze connection opened (the new leader's socket). */
  openMs: number;
  /** Kill → the first ack of a message injected after the kill. */
  nextAckMs: number;
  /** Kill → every message injected before the new socket opened is acked. */
  caughtUpMs: number;
}

export type ToClusterServer =
  | { type: 'start' }
  | { type: 'burst'; n: number; conversations: number; timeoutMs: number; preencode: boolean }
  | { type: 'latency'; rate: number; ms: number; conversations: number; timeoutMs: number }
  | { type: 'trickle'; rate: number; conversations: number }
  | { type: 'killed'; at: number; timeoutMs: number }
  | { type: 'connections' }
  | { type: 'close' };
export type FromClusterServer =
  | { type: 'started'; endpoint: EmuEndpoint }
  | { type: 'burstDone'; result: BurstResult }
  | { type: 'latencyDone'; result: LatencyResult }
  | { type: 'trickling' }
  | { type: 'failoverDone'; result: FailoverResult }
  | { type: 'connections'; open: number; peak: number; outstanding: number }
  | { type: 'closed' }
  | { type: 'error'; message: string };

/** Epoch milliseconds with sub-millisecond precision, comparable across processes. */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}
