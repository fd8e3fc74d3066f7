/**
 * The cluster bench's emulator process: one BlazeEmulator on loopback, driven by the orchestrator.
 * Unlike bench/server.ts, messages are injected while a bot is connected (the replicas must be up,
 * and own their partitions, before the work arrives), so every push is deflated live, for the
 * in-process baseline as for the cluster. Push time is the 'delivered' event, ack time the 'ack'
 * event: both read here, on one clock.
 */
import { performance } from 'node:perf_hooks';
import { BlazeEmulator } from 'nestjs-mixin-blaze/testing';
import { conversationId, payloadText, percentile } from '../shared.js';
import { epochMs, type BurstResult, type FailoverResult, type FromClusterServer, type LatencyResult, type ToClusterServer } from './cluster-shared.js';

const send = (m: FromClusterServer) => process.send?.(m);
process.on('disconnect', () => process.exit(0));

let emu: BlazeEmulator | undefined;
let nextSeq = new Map<number, number>();
let cursor = 0;
/** Acked ids with their first ack time (epoch ms); duplicates ignored. */
let ackedAt = new Map<string, number>();
let injectedAt = new Map<string, number>();
let connectionsAt: number[] = [];
let trickleTimer: NodeJS.Timeout | undefined;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function start(): Promise<void> {
  clearInterval(trickleTimer);
  if (emu) await emu.close();
  emu = await BlazeEmulator.start();
  nextSeq = new Map();
  cursor = 0;
  ackedAt = new Map();
  injectedAt = new Map();
  connectionsAt = [];
  emu.on('ack', (r) => {
    if (!ackedAt.has(r.messageId)) ackedAt.set(r.messageId, epochMs());
  });
  emu.on('connection', () => connectionsAt.push(epochMs()));
  send({ type: 'started', endpoint: { keystore: emu.keystore, blazeUrl: emu.blazeUrl, apiUrl: emu.apiUrl } });
}

/** Queues `count` messages round-robin over `conversations`; per-conversation sequence numbers. */
function inject(count: number, conversations: number): string[] {
  const now = epochMs();
  const ids = emu!.userSendsMany(count, () => {
    const conv = cursor++ % conversations;
    const seq = nextSeq.get(conv) ?? 0;
    nextSeq.set(conv, seq + 1);
    return { payload: payloadText(conv, seq), conversationId: conversationId(conv) };
  });
  for (const id of ids) injectedAt.set(id, now);
  return ids;
}

async function allAcked(ids: readonly string[], timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  let i = 0;
  for (;;) {
    while (i < ids.length && ackedAt.has(ids[i])) i++;
    if (i >= ids.length) return true;
    if (performance.now() > deadline) return false;
    await sleep(5);
  }
}

async function burst(n: number, conversations: number, timeoutMs: number, preencode: boolean): Promise<BurstResult> {
  let first = 0;
  // Timed, CPU included, from the first push on: what the emulator did before is not the bot's.
  let cpu0 = process.cpuUsage();
  emu!.once('delivered', () => {
    first = epochMs();
    cpu0 = process.cpuUsage();
  });
  const tokens0 = emu!.tokens.length;
  const ids = inject(n, conversations);
  // Before the emulator's next drain: the live pushes then send ready frames, so that the
  // emulator's gzip (about as much CPU per message as the bot) stays out of the timed window.
  if (preencode) emu!.preencodePending('CREATE_MESSAGE');
  const done = await allAcked(ids, timeoutMs);
  let last = 0;
  for (const id of ids) last = Math.max(last, ackedAt.get(id) ?? 0);
  const wallMs = last - first;
  const cpu = process.cpuUsage(cpu0);
  const acked = ids.filter((id) => ackedAt.has(id)).length;
  if (!done) throw new Error(`burst: ${acked}/${n} acked within ${timeoutMs} ms`);
  const ackRequests = emu!.tokens.slice(tokens0).filter((t) => t.path === '/acknowledgements').length;
  return { n, acked, wallMs, msgPerSec: (n / wallMs) * 1000, serverCpuPct: Math.round(((cpu.user + cpu.system) / 1000 / wallMs) * 100), ackRequests };
}

/** Injects at `rate` for `ms`, each 5 ms tick topping up to what is due; push→ack of every one. */
async function latency(rate: number, ms: number, conversations: number, timeoutMs: number): Promise<LatencyResult> {
  const pushedAt = new Map<string, number>();
  const onDelivered = (d: { messageId: string }) => {
    if (!pushedAt.has(d.messageId)) pushedAt.set(d.messageId, epochMs());
  };
  emu!.on('delivered', onDelivered);
  const ids: string[] = [];
  const t0 = performance.now();
  let done = 0;
  for (;;) {
    const elapsed = Math.min(performance.now() - t0, ms);
    const due = Math.floor((rate * elapsed) / 1000);
    if (due > done) {
      for (const id of inject(due - done, conversations)) ids.push(id);
      done = due;
    }
    if (elapsed >= ms) break;
    await sleep(5);
  }
  const ok = await allAcked(ids, timeoutMs);
  emu!.off('delivered', onDelivered);
  const lat = ids
    .filter((id) => pushedAt.has(id) && ackedAt.has(id))
    .map((id) => ackedAt.get(id)! - pushedAt.get(id)!)
    .sort((a, b) => a - b);
  return { rate, count: lat.length, p50Ms: percentile(lat, 50), p99Ms: percentile(lat, 99), maxMs: lat[lat.length - 1] ?? Number.NaN, allAcked: ok };
}

/** A steady trickle for the failover phase, until the next `start` or `close`. */
function trickle(rate: number, conversations: number): void {
  clearInterval(trickleTimer);
  const t0 = performance.now();
  let done = 0;
  trickleTimer = setInterval(() => {
    const due = Math.floor((rate * (performance.now() - t0)) / 1000);
    if (due > done) inject(due - done, conversations);
    done = Math.max(done, due);
  }, 10);
}

async function failover(at: number, timeoutMs: number): Promise<FailoverResult> {
  const deadline = performance.now() + timeoutMs;
  const until = async (cond: () => boolean, what: string) => {
    while (!cond()) {
      if (performance.now() > deadline) throw new Error(`failover: no ${what} within ${timeoutMs} ms of the kill`);
      await sleep(2);
    }
  };
  await until(() => connectionsAt.some((t) => t > at), 'new connection');
  const openAt = connectionsAt.find((t) => t > at)!;
  const after = () => [...injectedAt].filter(([id, t]) => t > at && ackedAt.has(id));
  await until(() => after().length > 0, 'ack of a message injected after the kill');
  const nextAck = Math.min(...after().map(([id]) => ackedAt.get(id)!));
  const before = [...injectedAt].filter(([, t]) => t <= openAt).map(([id]) => id);
  await until(() => before.every((id) => ackedAt.has(id)), 'catch-up');
  const caughtUp = Math.max(...before.map((id) => ackedAt.get(id)!));
  // Forget what is settled, so the next kill scans a short map.
  for (const id of before) injectedAt.delete(id);
  return { openMs: openAt - at, nextAckMs: nextAck - at, caughtUpMs: Math.max(0, caughtUp - at) };
}

process.on('message', (msg: ToClusterServer) => {
  const fail = (err: Error) => send({ type: 'error', message: err.stack ?? err.message });
  switch (msg.type) {
    case 'start':
      start().catch(fail);
      break;
    case 'burst':
      burst(msg.n, msg.conversations, msg.timeoutMs, msg.preencode).then((result) => send({ type: 'burstDone', result }), fail);
      break;
    case 'latency':
      latency(msg.rate, msg.ms, msg.conversations, msg.timeoutMs).then((result) => send({ type: 'latencyDone', result }), fail);
      break;
    case 'trickle':
      trickle(msg.rate, msg.conversations);
      send({ type: 'trickling' });
      break;
    case 'killed':
      failover(msg.at, msg.timeoutMs).then((result) => send({ type: 'failoverDone', result }), fail);
      break;
    case 'connections': {
      const outstanding = [...injectedAt.keys()].filter((id) => !ackedAt.has(id)).length;
      send({ type: 'connections', open: emu?.openConnections ?? 0, peak: emu?.peakOpenConnections ?? 0, outstanding });
      break;
    }
    case 'close':
      clearInterval(trickleTimer);
      void (emu?.close() ?? Promise.resolve()).finally(() => {
        send({ type: 'closed' });
        setTimeout(() => process.exit(0), 20);
      });
      break;
  }
});
