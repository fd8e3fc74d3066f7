/**
 * A hostile HTTP API must never crash the bot, exhaust its memory or stall its acks (issue 9 §4).
 * The bot runs as a child process under --unhandled-rejections=strict (test/hostile/hostile-child.ts),
 * so anything that escapes the library ends it; the emulator plays the hostile server.
 */
import { BlazeEmulator } from 'nestjs-mixin-blaze/testing';
import { earlyAcks, HostileBot, killAllHostileBots } from './hostile/hostile-child.js';

const REQUEST_TIMEOUT_MS = 2000;
// Growth of RSS over the idle bot (whose TypeScript loader alone holds ~300 MB): a capped body, not an endless one.
const RSS_GROWTH_BOUND = 150 * 1024 * 1024;

describe('hostile HTTP API', () => {
  let emu: BlazeEmulator;
  let bot: HostileBot | undefined;

  beforeEach(async () => {
    emu = await BlazeEmulator.start();
  });
  afterEach(async () => {
    killAllHostileBots();
    bot = undefined;
    await emu.close();
  });

  async function startBot(): Promise<HostileBot> {
    bot = await HostileBot.start({
      options: { ...emu.moduleOptions(), ackFlushIntervalMs: 10, reconnect: { initialDelayMs: 20, maxDelayMs: 200 }, requestTimeoutMs: REQUEST_TIMEOUT_MS },
    });
    return bot;
  }

  function send(n: number): string[] {
    return Array.from({ length: n }, (_, i) => emu.userSendsText(String(i), { conversationId: crypto.randomUUID() }).message_id);
  }

  /** Every id handled; every id but `except` acked; then a clean stop with nothing escaped. */
  async function expectSurvivedWithoutLoss(b: HostileBot, ids: string[], except: string[] = []): Promise<void> {
    const acked = ids.filter((id) => !except.includes(id));
    await emu.waitForAcks(acked, 20_000);
    await b.waitFor(() => ids.every((id) => b.journal().done.has(id)), 10_000, 'every message to be handled');
    for (const id of except) expect(emu.isAcked(id)).toBe(false);
    // Read before stop(): stop() deletes the journal file. Every ack has landed by now.
    const journal = b.journal();
    const exit = await b.stop();
    expect({ exit, escapes: b.escapes() }).toEqual({ exit: { code: 0, signal: null }, escapes: [] });
    expect(earlyAcks(emu, journal)).toEqual([]);
    expect(b.peakRss).toBeGreaterThan(0);
    expect(b.peakRss - b.idleRss).toBeLessThan(RSS_GROWTH_BOUND);
  }

  it('an endless ack response is cut at the body cap, the bot survives, and the acks land once the fault is cleared', async () => {
    emu.faults.failAcks({ mode: 'endless' });
    const b = await startBot();
    const ids = send(20);
    // Three cut streams prove the bot read, gave up and retried; it has not crashed meanwhile.
    await b.waitFor(() => emu.faults.streams.filter((s) => s.endedAt !== undefined).length >= 3, 30_000, 'three endless responses to be cut');
    for (const s of emu.faults.streams.filter((r) => r.endedAt !== undefined)) {
      // The 4 MiB cap plus what the sockets buffered; without a cap the bot reads until it dies.
      expect(s.bytes).toBeLessThan(64 * 1024 * 1024);
    }
    expect(emu.acks).toHaveLength(0);
    emu.faults.failAcks(false);
    await expectSurvivedWithoutLoss(b, ids);
  }, 90_000);

  it('a trickled ack response is aborted by the total deadline, and the acks land later', async () => {
    // One byte every 500 ms: an idle timeout of 2000 ms never fires, a total deadline does.
    emu.faults.failAcks({ mode: 'trickle', trickleMs: 500, count: 1 });
    const b = await startBot();
    const ids = send(20);
    await emu.waitFor(() => emu.faults.streams[0]?.endedAt !== undefined, 3 * REQUEST_TIMEOUT_MS + 2000, 'the trickled request to be abandoned');
    const stream = emu.faults.streams[0];
    expect(stream.endedAt! - stream.startedAt).toBeLessThan(REQUEST_TIMEOUT_MS + 1500);
    await expectSurvivedWithoutLoss(b, ids);
  }, 60_000);

  it('after a 429 with Retry-After, the next ack request waits at least that long', async () => {
    emu.faults.failAcks({ status: 429, retryAfter: '2', count: 1 });
    const b = await startBot();
    const first = send(1);
    await emu.waitFor(() => emu.refusals.length === 1, 10_000, 'the 429');
    const refusedAt = emu.refusals[0].at;
    const later = send(10);
    await expectSurvivedWithoutLoss(b, [...first, ...later]);
    // The bot read the 429 after the emulator recorded it, so every later request is ≥ 2 s after it.
    const earliest = Math.min(...emu.acks.map((a) => a.at));
    expect(earliest - refusedAt).toBeGreaterThanOrEqual(2000 - 20);
    expect(emu.refusals).toHaveLength(1);
  }, 60_000);

  it('one refused id among 100 messages: the 99 others are acked, the refused one is dropped and logged', async () => {
    const b = await startBot();
    // Chosen before sending, so it is refused in whatever batch it travels.
    const ids = Array.from({ length: 100 }, () => crypto.randomUUID());
    const bad = ids[41];
    emu.faults.refuseAckOf(bad);
    for (const [i, id] of ids.entries()) emu.userSendsText(String(i), { messageId: id, conversationId: crypto.randomUUID() });
    await emu.waitForAcks(ids.filter((id) => id !== bad), 15_000);
    await b.waitFor(() => b.stderr.includes(`refused the acknowledgement of message ${bad}`), 10_000, 'the refused ack to be logged');
    expect(b.stderr).toContain('Blaze will redeliver that message later');
    await expectSurvivedWithoutLoss(b, ids, [bad]);
    expect(emu.refusals.every((r) => r.reason === `injected refuseAckOf(${bad})`)).toBe(true);
  }, 60_000);
});
