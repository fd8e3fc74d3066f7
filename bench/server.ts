/**
 * The server process: one BlazeEmulator on loopback, driven by the orchestrator over IPC.
 * - `load`: a fresh emulator with N queued PLAIN_TEXT messages over C conversations (the backlog
 *   that LIST_PENDING_MESSAGES delivers); reports `backlogDone` when every one is acked, timed from
 *   the first push to the last ack.
 * - `steady`: injects live messages at fixed rates (a ramp) to find the highest rate held without
 *   the backlog growing, then measures push→ack latency at half of it. Push time is the emulator's
 *   'delivered' event, ack time its 'ack' event; both are read here, on one clock.
 */
import { performance } from 'node:perf_hooks';
import { BlazeEmulator, type AckRecord } from 'nestjs-mixin-blaze/testing';
import {
  conversationId,
  payloadText,
  percentile,
  type BacklogResult,
  type FromServer,
  type SteadyConfig,
  type SteadyResult,
  type SteadyStep,
  type ToServer,
} from './shared.js';

const send = (m: FromServer) => process.send?.(m);
process.on('disconnect', () => process.exit(0));

let emu: BlazeEmulator | undefined;
let conversations = 1;
/** Next sequence number per conversation (the order check in the contenders relies on it). */
let nextSeq: number[] = [];
let conversationCursor = 0;
/** Ids this emulator queued that were acked at least once; duplicates counted apart. */
let ackedIds = new Set<string>();
let duplicateAcks = 0;
let injected = 0;
let onAckHook: ((record: AckRecord, first: boolean) => void) | undefined;

function cpuPct(cpu: NodeJS.CpuUsage, wallMs: number): number {
  return wallMs > 0 ? Math.round(((cpu.user + cpu.system) / 1000 / wallMs) * 100) : 0;
}

/** Queues `count` messages round-robin over the conversations; returns their ids. */
function inject(count: number): string[] {
  const e = emu!;
  const ids = e.userSendsMany(count, () => {
    const conv = conversationCursor;
    conversationCursor = (conversationCursor + 1) % conversations;
    return { payload: payloadText(conv, nextSeq[conv]++), conversationId: conversationId(conv) };
  });
  injected += count;
  return ids;
}

async function load(n: number, convs: number, preencode: boolean): Promise<void> {
  if (emu) await emu.close();
  const started = performance.now();
  emu = await BlazeEmulator.start();
  conversations = Math.max(1, convs);
  nextSeq = new Array<number>(conversations).fill(0);
  conversationCursor = 0;
  ackedIds = new Set();
  duplicateAcks = 0;
  injected = 0;
  onAckHook = undefined;
  inject(n);
  if (preencode) emu.preencodePending();

  let t0 = 0;
  let cpu0 = process.cpuUsage();
  let lastAck = 0;
  let reported = n === 0;
  emu.once('delivered', () => {
    t0 = performance.now();
    cpu0 = process.cpuUsage();
  });
  emu.on('ack', (record) => {
    const first = !ackedIds.has(record.messageId);
    if (first) ackedIds.add(record.messageId);
    else duplicateAcks++;
    lastAck = performance.now();
    if (!reported && ackedIds.size >= n) {
      reported = true;
      const wallMs = lastAck - t0;
      const result: BacklogResult = {
        n,
        acked: ackedIds.size,
        duplicateAcks,
        wallMs,
        msgPerSec: wallMs > 0 ? (n / wallMs) * 1000 : Number.NaN,
        serverCpuPct: cpuPct(process.cpuUsage(cpu0), wallMs),
        done: true,
      };
      send({ type: 'backlogDone', result });
    }
    onAckHook?.(record, first);
  });
  send({
    type: 'loaded',
    endpoint: { keystore: emu.keystore, blazeUrl: emu.blazeUrl, apiUrl: emu.apiUrl },
    loadMs: performance.now() - started,
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Injects at `rate` msg/s for `ms`, as evenly as 5 ms timer ticks allow; returns the ids. */
async function injectAt(rate: number, ms: number): Promise<string[]> {
  const ids: string[] = [];
  const start = performance.now();
  let done = 0;
  for (;;) {
    const elapsed = Math.min(performance.now() - start, ms);
    const due = Math.floor((rate * elapsed) / 1000);
    if (due > done) {
      for (const id of inject(due - done)) ids.push(id);
      done = due;
    }
    if (elapsed >= ms) return ids;
    await sleep(5);
  }
}

function outstanding(): number {
  return injected - ackedIds.size;
}

async function drained(timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (outstanding() > 0) {
    if (performance.now() > deadline) return false;
    await sleep(10);
  }
  return true;
}

async function steady(cfg: SteadyConfig): Promise<SteadyResult> {
  const e = emu!;
  const steps: SteadyStep[] = [];
  let rate = cfg.startRate;
  let held = 0;
  if (!(await drained(cfg.drainTimeoutMs))) throw new Error('the backlog did not drain before the steady phase');
  for (let k = 0; k < cfg.maxSteps; k++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await injectAt(rate, cfg.stepMs);
    const left = outstanding();
    const ok = left <= rate * cfg.lagS + cfg.slack;
    steps.push({ rate, outstanding: left, held: ok, serverCpuPct: cpuPct(process.cpuUsage(cpu0), performance.now() - t0) });
    if (!ok) break;
    held = rate;
    rate = Math.round(rate * cfg.factor);
  }
  const drainedAfterRamp = await drained(cfg.drainTimeoutMs);

  // Latency at half the highest held rate (or half the first rate when none held).
  const latencyRate = Math.max(1, Math.round((held || cfg.startRate) / 2));
  const pushedAt = new Map<string, number>();
  const tracked = new Set<string>();
  const latencies: number[] = [];
  const onDelivered = (d: { messageId: string }) => {
    if (tracked.has(d.messageId) && !pushedAt.has(d.messageId)) pushedAt.set(d.messageId, performance.now());
  };
  e.on('delivered', onDelivered);
  onAckHook = (record, first) => {
    if (!first) return;
    const at = pushedAt.get(record.messageId);
    if (at !== undefined) {
      latencies.push(performance.now() - at);
      pushedAt.delete(record.messageId);
    }
  };
  const start = performance.now();
  let done = 0;
  // Same pacing as injectAt, but each id is tracked before the emulator can push it.
  for (;;) {
    const elapsed = Math.min(performance.now() - start, cfg.latencyMs);
    const due = Math.floor((latencyRate * elapsed) / 1000);
    if (due > done) {
      const before = injected;
      const ids = inject(due - done);
      for (const id of ids) tracked.add(id);
      done += injected - before;
    }
    if (elapsed >= cfg.latencyMs) break;
    await sleep(5);
  }
  const allAcked = drainedAfterRamp && (await drained(cfg.drainTimeoutMs));
  e.off('delivered', onDelivered);
  onAckHook = undefined;
  latencies.sort((a, b) => a - b);
  return {
    sustainableRate: held,
    steps,
    latencyRate,
    latencyCount: latencies.length,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies.length ? latencies[latencies.length - 1] : Number.NaN,
    allAcked,
    injected,
  };
}

process.on('message', (msg: ToServer) => {
  const fail = (err: Error) => send({ type: 'error', message: err.stack ?? err.message });
  switch (msg.type) {
    case 'load':
      load(msg.n, msg.conversations, msg.preencode).catch(fail);
      break;
    case 'steady':
      steady(msg.config).then((result) => send({ type: 'steadyDone', result }), fail);
      break;
    case 'status':
      send({ type: 'status', acked: ackedIds.size, injected });
      break;
    case 'close':
      void (emu?.close() ?? Promise.resolve()).finally(() => {
        send({ type: 'closed' });
        setTimeout(() => process.exit(0), 20);
      });
      break;
  }
});
