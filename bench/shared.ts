/**
 * Things the orchestrator, the server process and the contender processes share: the IPC
 * message shapes, the workload's conversation ids and payloads, and the per-conversation order check.
 */
import type { TestKeystore } from 'nestjs-mixin-blaze/testing';

/** What a contender needs to reach the emulator (passed in the BENCH_EMU environment variable). */
export interface EmuEndpoint {
  keystore: TestKeystore;
  blazeUrl: string;
  apiUrl: string;
}

/** The contender-process half of the protocol (orchestrator <-> contender, over fork IPC). */
export type ToContender = { type: 'snapshot' } | { type: 'stop' };
export type FromContender =
  | { type: 'connected' }
  | { type: 'snapshot'; cpuUs: number; maxRssKb: number; rssKb: number; handled: number; orderViolations: number }
  | { type: 'stopped'; handled: number; orderViolations: number; maxRssKb: number }
  | { type: 'error'; message: string };

/** Tuning of the steady-rate phase. */
export interface SteadyConfig {
  /** First rate of the ramp, messages per second. */
  startRate: number;
  /** Each ramp step multiplies the rate by this. */
  factor: number;
  stepMs: number;
  maxSteps: number;
  /** A step is held when what is left unacked at its end is at most rate × lagS + slack messages. */
  lagS: number;
  slack: number;
  /** Length of the latency phase, run at half the highest held rate. */
  latencyMs: number;
  /** Deadline for the backlog to drain between phases. */
  drainTimeoutMs: number;
}

export interface SteadyStep {
  rate: number;
  outstanding: number;
  held: boolean;
  serverCpuPct: number;
}

export interface SteadyResult {
  sustainableRate: number;
  steps: SteadyStep[];
  latencyRate: number;
  latencyCount: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Every injected message of the steady phase was acked before the deadline. */
  allAcked: boolean;
  injected: number;
}

export interface BacklogResult {
  n: number;
  acked: number;
  duplicateAcks: number;
  /** First push to last ack, in ms, measured in the server process. */
  wallMs: number;
  msgPerSec: number;
  /** CPU the server process spent over the same window, as a share of one core. */
  serverCpuPct: number;
  done: boolean;
}

/** The server-process half of the protocol (orchestrator <-> server). */
export type ToServer =
  | { type: 'load'; n: number; conversations: number; preencode: boolean }
  | { type: 'steady'; config: SteadyConfig }
  | { type: 'status' }
  | { type: 'close' };
export type FromServer =
  | { type: 'loaded'; endpoint: EmuEndpoint; loadMs: number }
  | { type: 'backlogDone'; result: BacklogResult }
  | { type: 'steadyDone'; result: SteadyResult }
  | { type: 'status'; acked: number; injected: number }
  | { type: 'closed' }
  | { type: 'error'; message: string };

/** Conversation `i` of the workload: a fixed, valid UUID. */
export function conversationId(i: number): string {
  return `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
}

/** Payload of the `seq`-th message (0-based) of conversation `conv`. */
export function payloadText(conv: number, seq: number): string {
  return `c${conv}:${seq} benchmark message`;
}

/**
 * Counts handled messages and per-conversation order breaks: within one conversation the
 * sequence numbers must arrive as 0, 1, 2, ... (the server pushes them in that order).
 */
export class OrderTracker {
  handled = 0;
  violations = 0;
  private readonly next = new Map<number, number>();

  record(text: string): void {
    this.handled++;
    const colon = text.indexOf(':');
    const space = text.indexOf(' ', colon);
    const conv = Number(text.slice(1, colon));
    const seq = Number(text.slice(colon + 1, space < 0 ? undefined : space));
    if (text[0] !== 'c' || !Number.isInteger(conv) || !Number.isInteger(seq)) {
      this.violations++;
      return;
    }
    const expected = this.next.get(conv) ?? 0;
    if (seq !== expected) this.violations++;
    this.next.set(conv, seq + 1);
  }
}

export function median(values: number[]): number {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

/** Reads the emulator endpoint handed to a contender process. */
export function endpointFromEnv(): EmuEndpoint {
  const raw = process.env.BENCH_EMU;
  if (!raw) throw new Error('BENCH_EMU is not set: contenders are started by bench/run.ts');
  return JSON.parse(raw) as EmuEndpoint;
}

/**
 * The common life of a contender process: measure CPU from just before `connect()`, answer
 * the orchestrator's snapshot request, stop on request, and never outlive its parent.
 */
export function runContender(opts: {
  name: string;
  tracker: OrderTracker;
  connect: () => Promise<void>;
  stop: () => Promise<void>;
}): void {
  const send = (m: FromContender) => process.send?.(m);
  // Orphaned (orchestrator gone) means exit: the IPC channel closing is the signal.
  process.on('disconnect', () => process.exit(0));
  const hardLimit = Number(process.env.BENCH_CONTENDER_DEADLINE_MS ?? 600_000);
  setTimeout(() => {
    console.error(`${opts.name}: contender deadline of ${hardLimit} ms reached, exiting`);
    process.exit(3);
  }, hardLimit).unref();

  let cpu0 = process.cpuUsage();
  process.on('message', (msg: ToContender) => {
    if (msg.type === 'snapshot') {
      const cpu = process.cpuUsage(cpu0);
      const usage = process.resourceUsage();
      send({
        type: 'snapshot',
        cpuUs: cpu.user + cpu.system,
        maxRssKb: usage.maxRSS,
        rssKb: Math.round(process.memoryUsage.rss() / 1024),
        handled: opts.tracker.handled,
        orderViolations: opts.tracker.violations,
      });
    } else if (msg.type === 'stop') {
      const force = setTimeout(() => process.exit(0), 5_000);
      force.unref();
      opts
        .stop()
        .catch((err: Error) => console.error(`${opts.name}: stop failed: ${err.message}`))
        .finally(() => {
          send({
            type: 'stopped',
            handled: opts.tracker.handled,
            orderViolations: opts.tracker.violations,
            maxRssKb: process.resourceUsage().maxRSS,
          });
          setTimeout(() => process.exit(0), 20);
        });
    }
  });

  cpu0 = process.cpuUsage();
  opts.connect().then(
    () => send({ type: 'connected' }),
    (err: Error) => {
      send({ type: 'error', message: err.message });
      setTimeout(() => process.exit(2), 20);
    },
  );
}
