import { randomUUID } from 'node:crypto';
import { BlazeEmulator } from 'nestjs-mixin-blaze/testing';
import { finishBot, HostileBot, killAllHostileBots, SURVIVED, type Journal } from './hostile/hostile-child.js';

/**
 * Hostile input that reaches the dispatcher: thrown values that defeat printing, message ids that
 * are not UUIDs (megabytes long, or carrying newlines), wire values that would forge log lines,
 * payloads nested thousands of levels deep, and messages that weigh megabytes each. The bot is a
 * child process under --unhandled-rejections=strict; the emulator lives here.
 */
const FAST = { ackFlushIntervalMs: 10, reconnect: { initialDelayMs: 20, maxDelayMs: 200 }, requestTimeoutMs: 3_000 };
const MB = 1024 * 1024;

describe('hostile input reaching the dispatcher', () => {
  let emu: BlazeEmulator;

  beforeEach(async () => {
    emu = await BlazeEmulator.start();
  });
  afterEach(async () => {
    killAllHostileBots();
    await emu.close();
  });

  /** Stops the bot and returns its journal, asserting it exited cleanly, nothing escaped and nothing was acked early. */
  async function finish(bot: HostileBot): Promise<Journal> {
    const { journal, verdict } = await finishBot(bot, emu);
    expect(verdict).toEqual(SURVIVED);
    return journal;
  }

  it('thrown values that cannot be printed (hostile toString/toJSON, a Symbol) are retried, dead-lettered and acked', async () => {
    const bot = await HostileBot.start({ options: { ...emu.moduleOptions(), ...FAST }, retry: { attempts: 2, initialDelayMs: 5, maxDelayMs: 10 } });
    const ids = ['throw:hostile', 'throw:symbol'].map((text) => emu.userSendsText(text, { conversationId: randomUUID() }).message_id);
    await emu.waitForAcks(ids, 15_000);
    const journal = await finish(bot);
    for (const id of ids) {
      expect({ id, attempts: journal.started.get(id), dead: journal.dead.get(id) }).toEqual({ id, attempts: 2, dead: ['failed'] });
    }
    expect(bot.output).toContain('Symbol(thrown symbol)');
    expect(bot.output).toMatch(/non-Error Object/);
  }, 40_000);

  it('message ids that are not UUIDs (2 MB long, or with a newline) are logged short and escaped, never acked, and the stream goes on', async () => {
    const bot = await HostileBot.start({ options: { ...emu.moduleOptions(), ...FAST } });
    const huge = Array.from({ length: 5 }, (_, i) => `${i}`.repeat(2 * MB));
    for (const messageId of huge) emu.userSendsText('huge id', { messageId });
    emu.userSendsText('forged id', { messageId: 'x\n[Nest] 1 - FORGED LOG LINE' });
    const good = emu.userSendsText('after them').message_id;
    await emu.waitForAck(good, 15_000);
    await bot.waitFor(() => (bot.output.match(/message_id is not a UUID/g) ?? []).length >= 6, 5_000, 'the six warnings');
    const journal = await finish(bot);
    expect(journal.done.get(good)).toBe(1);
    expect(emu.acks.map((a) => a.messageId)).toEqual([good]);
    // Each warning is one short line: the id is cut and escaped, never printed whole.
    const lines = bot.output.split('\n').filter((l) => l.includes('message_id is not a UUID'));
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(600);
    expect(bot.output.split('\n').some((l) => l.startsWith('[Nest] 1 - FORGED'))).toBe(false);
    expect(bot.output).toContain('x\\n[Nest] 1 - FORGED LOG LINE');
    expect(bot.output.length).toBeLessThan(20_000);
  }, 40_000);

  it('wire values in a dead-letter log line (category, ids) are escaped and cut: no forged lines', async () => {
    const bot = await HostileBot.start({ options: { ...emu.moduleOptions(), ...FAST }, retry: { attempts: 1 } });
    const view = emu.userSendsText('throw:symbol', { raw: { category: `WEIRD\n[Nest] 2 - FORGED ${'y'.repeat(100_000)}`, source: 'z\r\n[Nest] 3 - FORGED' } });
    await emu.waitForAck(view.message_id, 15_000);
    const journal = await finish(bot);
    expect(journal.dead.get(view.message_id)).toEqual(['failed']);
    expect(bot.output.split('\n').some((l) => /^\[Nest\] [23] - FORGED/.test(l))).toBe(false);
    expect(bot.output.length).toBeLessThan(20_000);
  }, 40_000);

  it('a payload nested 2 000 levels deep is an invalid message: hooks called, acked, no stack overflow, the next one handled', async () => {
    const bot = await HostileBot.start({ options: { ...emu.moduleOptions(), ...FAST }, categories: ['PLAIN_DATA', 'PLAIN_TEXT'] });
    const deep = '{"attachment_id":"' + randomUUID() + '","mime_type":"a/b","size":1,"name":' + '['.repeat(2000) + ']'.repeat(2000) + '}';
    const conversationId = randomUUID();
    const bad = emu.userSends({ category: 'PLAIN_DATA', payload: Buffer.from(deep), conversationId }).message_id;
    const next = emu.userSendsText('1 next', { conversationId }).message_id;
    await emu.waitForAcks([bad, next], 15_000);
    const journal = await finish(bot);
    expect({ dead: journal.dead.get(bad), invalid: journal.invalid.get(bad), handled: journal.done.has(bad) }).toEqual({
      dead: ['invalid'],
      invalid: 1,
      handled: false,
    });
    expect(journal.done.get(next)).toBe(1);
    expect(bot.output).not.toContain('Maximum call stack');
  }, 40_000);

  it('messages of 4 MB each with a slow handler: buffered bytes stay bounded, so RSS does; nothing lost', async () => {
    const count = 60;
    const text = 'a'.repeat(4 * MB);
    // One conversation (handled one at a time) and frames encoded ahead: the backlog arrives far faster than it is handled.
    const conversationId = randomUUID();
    const ids = emu.userSendsMany(count, (i) => ({ payload: `${i} ${text}`, conversationId, encoding: 'data' }));
    emu.preencodePending();
    const maxBufferedBytes = 16 * MB;
    const maxInflatedFrameBytes = 8 * MB;
    const bot = await HostileBot.start({
      options: { ...emu.moduleOptions(), ...FAST, maxBufferedBytes, maxInflatedFrameBytes },
      categories: ['PLAIN_TEXT'],
      handlerMs: 100,
    });
    await emu.waitForAcks(ids, 90_000);
    const stats = bot.last!;
    const journal = await finish(bot);
    expect(ids.filter((id) => journal.done.get(id) !== 1)).toEqual([]);
    // 16 MiB of buffered base64 is at most 3 such messages at once (each weighs 5.6 MB).
    expect(stats.peakBuffered).toBeLessThanOrEqual(4);
    // The README's bound on growth over the idle process (RSS sampled every 100 ms).
    // Without the byte limit all 60 are buffered at once: about 800 MB more.
    const growth = bot.peakRss - bot.idleRss;
    const bound = 6 * maxBufferedBytes + 8 * maxInflatedFrameBytes + 64 * MB;
    expect(`${Math.round(growth / MB)} MB growth (heap peak ${Math.round(bot.peakHeap / MB)} MB)`).toBe(
      growth < bound ? `${Math.round(growth / MB)} MB growth (heap peak ${Math.round(bot.peakHeap / MB)} MB)` : `under ${bound / MB} MB`,
    );
  }, 120_000);
});
