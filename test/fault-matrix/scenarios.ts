import { gzipSync } from 'node:zlib';
import type { Scenario } from './harness.js';

const fastDetect = { pingIntervalMs: 50, deadConnectionTimeoutMs: 400 };

/** Counts the bot's failed connection attempts from its own log (the emulator cannot see refused TCP connects). */
const failedAttempts = (lines: { text: string }[]) => lines.filter((l) => l.text.includes('Blaze socket error')).length;

/** The in-process scenarios of the fault matrix (the process-kill ones run as child processes). */
export const SCENARIOS: Scenario[] = [
  {
    name: 'drop every K frames',
    async run({ emu, feed, start }, scale) {
      emu.faults.dropEvery(Math.max(50, Math.floor(scale / 10)));
      feed(scale);
      await start();
      await emu.waitFor(() => emu.pending().length === 0, 120_000, 'the backlog to drain');
      emu.faults.dropEvery(0);
    },
  },
  {
    name: 'half-open connection',
    options: fastDetect,
    async run({ emu, feed, start, recorder, until }, scale) {
      feed(scale / 2);
      await start();
      await until(() => recorder.finished.size > scale / 4, 60_000, 'a quarter handled');
      const silentAt = Date.now();
      emu.faults.goSilent();
      await emu.waitForConnections(2, 10_000);
      const detectedMs = Date.now() - silentAt;
      if (detectedMs > 400 + 50 + 1000) throw new Error(`half-open connection detected only after ${detectedMs} ms`);
      feed(scale / 2);
    },
  },
  {
    name: 'server away and back',
    options: { reconnect: { initialDelayMs: 50, maxDelayMs: 400 } },
    async run({ emu, feed, start, recorder, until, bot }, scale) {
      feed(scale);
      await start();
      await until(() => recorder.finished.size > scale / 4, 60_000, 'a quarter handled');
      const before = failedAttempts(bot().logs.lines);
      await emu.stop();
      await until(() => bot().blaze.state === 'reconnecting', 5_000, 'reconnecting');
      // Two seconds away: a backoff from 50 ms doubling to 400 ms makes about 8 attempts; a tight loop thousands.
      const awayUntil = Date.now() + 2_000;
      await until(() => Date.now() >= awayUntil, 5_000, 'two seconds of downtime');
      const attempts = failedAttempts(bot().logs.lines) - before;
      if (attempts > 15) throw new Error(`${attempts} reconnect attempts in 2 s: a tight loop`);
      await emu.restart();
    },
  },
  {
    name: 'auth refused (401 at upgrade and as ERROR frame)',
    options: { unauthorizedRetryMs: 250 },
    async run({ emu, feed, start, bot, until, recorder }, scale) {
      emu.faults.rejectAuth('upgrade');
      feed(scale / 2);
      await start();
      await until(() => bot().blaze.state === 'unauthorized', 5_000, 'unauthorized');
      const attemptsAt = emu.connectionAttempts;
      const windowEnd = Date.now() + 1_000;
      await until(() => Date.now() >= windowEnd, 5_000, 'a second of refusals');
      if (emu.connectionAttempts - attemptsAt > 6) throw new Error('retried faster than unauthorizedRetryMs');
      emu.faults.rejectAuth(false);
      await until(() => recorder.finished.size >= scale / 4, 60_000, 'recovery from the upgrade refusal');
      emu.faults.rejectAuth('frame');
      emu.faults.dropConnections();
      await until(() => bot().blaze.state === 'unauthorized', 5_000, 'unauthorized by ERROR frame');
      emu.faults.rejectAuth(false);
      feed(scale / 2);
    },
  },
  {
    name: 'acknowledgements endpoint failing',
    options: { requestTimeoutMs: 300 },
    async run({ emu, feed, start, recorder, until }, scale) {
      await start();
      for (const mode of ['status', 'hang', 'reset'] as const) {
        emu.faults.failAcks({ mode, status: 503 });
        const ids = feed(scale / 3);
        await until(() => ids.every((id) => recorder.finished.has(id)), 60_000, `handling while acks ${mode}`);
        emu.faults.failAcks(false);
      }
    },
  },
  {
    name: 'garbage from the server',
    options: { maxFrameBytes: 64 * 1024, maxInflatedFrameBytes: 256 * 1024 },
    async run({ emu, feed, start, until, bot }, scale) {
      await start();
      await until(() => bot().blaze.state === 'open', 5_000, 'open');
      const garbage: Array<() => void> = [
        () => emu.pushRawFrame(Buffer.from('not gzip at all'), { gzip: false }),
        () => emu.pushRawFrame('a text frame', { binary: false, gzip: false }),
        () => emu.pushRawFrame(gzipSync('{"id": "x", "action": '), { gzip: false }),
        () => emu.pushRawFrame(gzipSync(Buffer.alloc(2 * 1024 * 1024, 0x20)), { gzip: false }),
        () => emu.pushRawFrame({ id: crypto.randomUUID(), action: 'CREATE_MESSAGE', data: { message_id: 42, category: [] } }),
        () => emu.pushRawFrame({ id: crypto.randomUUID(), action: 'CREATE_MESSAGE', data: { message_id: crypto.randomUUID(), category: 'PLAIN_TEXT', conversation_id: 'nope', data: '%%%' } }),
        () => emu.pushRawFrame(Buffer.alloc(128 * 1024, 1), { gzip: false }), // over maxFrameBytes: the socket closes with 1009 and reconnects
      ];
      for (let round = 0; round < 4; round++) {
        feed(scale / 4);
        for (const push of garbage) push();
      }
    },
  },
  {
    name: 'handlers misbehave',
    options: { retry: { attempts: 3, initialDelayMs: 10, maxDelayMs: 40 }, handlerTimeoutMs: 200 },
    async run({ feed }, scale) {
      const kinds = ['throw-once', 'hang-once', 'throw-string-once'] as const;
      feed(scale, { misbehave: (i) => (i % 17 === 0 ? kinds[(i / 17) % 3] : undefined) });
    },
  },
  {
    name: 'sends while reconnecting',
    // A reply cut off by a drop fails its attempt; the retry sends the same id again (over HTTP while reconnecting).
    options: { requestTimeoutMs: 2_000, retry: { attempts: 5, initialDelayMs: 20, maxDelayMs: 200 } },
    async run({ emu, feed, start, recorder, until }, scale) {
      await start();
      const ids = feed(scale, { misbehave: () => 'reply' });
      for (let i = 0; i < 5; i++) {
        const target = ((i + 1) * ids.length) / 6;
        await until(() => recorder.finished.size >= target, 60_000, `${target} replies`);
        emu.faults.dropConnections();
      }
    },
  },
];
