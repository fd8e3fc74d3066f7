import { randomBytes, randomUUID } from 'node:crypto';
import { BlazeEmulator } from 'nestjs-mixin-blaze/testing';
import { earlyAcks, finishBot, HostileBot, killAllHostileBots, SURVIVED, type Journal } from './hostile/hostile-child.js';

/**
 * A hostile or strict Blaze server, at the connection level: frames too large to read, servers that
 * accept and then drop us, a server that drops clients which do not answer its pings while the bot
 * is paused, pushes other than CREATE_MESSAGE that carry messages, ERROR 10006, and frames of any
 * shape. The bot is a child process under --unhandled-rejections=strict; the emulator lives here.
 */
const FAST = { ackFlushIntervalMs: 10, reconnect: { initialDelayMs: 20, maxDelayMs: 200 }, requestTimeoutMs: 2_000 };
const KB = 1024;
const MB = 1024 * KB;

describe('hostile Blaze server, connection level', () => {
  let emu: BlazeEmulator;

  afterEach(async () => {
    killAllHostileBots();
    await emu?.close();
  });

  /** Stops the bot and returns its journal, asserting it exited cleanly, nothing escaped and nothing was acked early. */
  async function finish(bot: HostileBot): Promise<Journal> {
    const { journal, verdict } = await finishBot(bot, emu);
    expect(verdict).toEqual(SURVIVED);
    return journal;
  }

  /** Waits until `ms` have passed, then returns how many upgrade attempts the window saw. */
  async function attemptsOver(ms: number): Promise<number> {
    const before = emu.connectionAttempts;
    const until = Date.now() + ms;
    await emu.waitFor(() => Date.now() >= until, ms + 1000, `${ms} ms to pass`);
    return emu.connectionAttempts - before;
  }

  it.each([
    ['over maxFrameBytes', { maxFrameBytes: 64 * KB }, () => randomBytes(200 * KB).toString('base64'), 'maxFrameBytes'],
    ['inflating past maxInflatedFrameBytes', { maxInflatedFrameBytes: 1 * MB }, () => 'A'.repeat(2 * MB), 'maxInflatedFrameBytes'],
  ])('a message %s at the head of a 50-message backlog costs that message only: named, dead-lettered, acked', async (_what, limits, payload, limitName) => {
    emu = await BlazeEmulator.start();
    const big = emu.userSendsText(payload()).message_id;
    const small = emu.userSendsMany(50, (i) => ({ payload: `${i} small`, conversationId: randomUUID() }));
    const bot = await HostileBot.start({ options: { ...emu.moduleOptions(), ...FAST, ...limits } });
    await emu.waitForAcks([...small, big], 15_000);
    await bot.waitFor(() => bot.output.includes(big) && bot.output.includes(limitName), 5_000, 'the log line naming the message');
    const journal = await finish(bot);
    expect(small.filter((id) => journal.done.get(id) !== 1)).toEqual([]);
    expect(journal.dead.get(big)).toEqual(['invalid']);
    expect(emu.deliveries(big)).toBe(1);
    expect(emu.connections).toBe(1);
    // Growth over the idle bot (whose TypeScript loader alone holds ~300 MB): one frame's worth, not a leak.
    expect(bot.peakRss - bot.idleRss).toBeLessThan(150 * MB);
  }, 40_000);

  it.each([
    ['closes with 1008', { close: 1008, reason: 'policy\n[Nest] 9 - FORGED' }, 'code 1008'],
    ['closes with 4001', { close: 4001, reason: 'unauthorized' }, 'code 4001'],
    ['drops the connection', { close: 'drop' as const }, 'code 1006'],
  ])('a server that accepts and then %s is retried with a growing backoff, and the close is logged', async (_what, fault, logged) => {
    emu = await BlazeEmulator.start();
    emu.socketFaults.onOpen(fault);
    const bot = await HostileBot.start({ options: { ...emu.moduleOptions(), ...FAST, reconnect: { initialDelayMs: 20, maxDelayMs: 1000 } } });
    await emu.waitForConnections(6, 15_000);
    // With maxDelayMs 1000 the steady rate is about one attempt a second, whatever the server does.
    expect(await attemptsOver(3000)).toBeLessThanOrEqual(6);
    expect(bot.output).toContain(logged);
    expect(bot.output.split('\n').some((l) => l.startsWith('[Nest] 9 - FORGED'))).toBe(false);
    await finish(bot);
  }, 40_000);

  it('a bot paused longer than the server tolerates unanswered pings keeps its connection and loses nothing', async () => {
    emu = await BlazeEmulator.start({ pingIntervalMs: 100, dropSilentAfterMs: 600 });
    const conversationId = randomUUID();
    const ids = emu.userSendsMany(30, (i) => ({ payload: `${i}`, conversationId }));
    // One conversation, 150 ms per message, paused from 10 held down to 2: each pause lasts ~1.2 s.
    const bot = await HostileBot.start({
      options: { ...emu.moduleOptions(), ...FAST, highWaterMark: 10, lowWaterMark: 2, concurrency: 1, pingIntervalMs: 200, deadConnectionTimeoutMs: 2_000 },
      handlerMs: 150,
    });
    await emu.waitForAcks(ids, 30_000);
    const journal = await finish(bot);
    expect(ids.filter((id) => journal.done.get(id) !== 1)).toEqual([]);
    expect({ silentDrops: emu.socketFaults.silentDrops, connections: emu.connections }).toEqual({ silentDrops: 0, connections: 1 });
  }, 60_000);

  it('CREATE_CALL and CREATE_KRAKEN pushes reach the dispatcher, which acks them (no handler takes calls)', async () => {
    emu = await BlazeEmulator.start();
    const call = emu.userSendsAs('CREATE_CALL', { category: 'WEBRTC_AUDIO_OFFER', payload: 'offer' }).message_id;
    const kraken = emu.userSendsAs('CREATE_KRAKEN', { category: 'KRAKEN_PUBLISH', payload: 'publish' }).message_id;
    const text = emu.userSendsText('1 text').message_id;
    const bot = await HostileBot.start({ options: { ...emu.moduleOptions(), ...FAST }, categories: ['PLAIN_TEXT'] });
    await emu.waitForAcks([call, kraken, text], 10_000);
    const journal = bot.journal();
    expect(await bot.stop()).toEqual({ code: 0, signal: null });
    expect(bot.escapes()).toEqual([]);
    // Acked with no handler (the dispatcher's rule for categories nobody handles), so no journal line.
    expect(earlyAcks(emu, journal).sort()).toEqual([call, kraken].sort());
    expect(journal.done.get(text)).toBe(1);
    expect([emu.deliveries(call), emu.deliveries(kraken)]).toEqual([1, 1]);
  }, 40_000);

  it('ERROR 10006 is one clear error line saying what to do, and reconnects are slow', async () => {
    emu = await BlazeEmulator.start();
    emu.socketFaults.onOpen({ send: { id: randomUUID(), action: 'ERROR', error: { status: 202, code: 10006, description: 'App update required' } } });
    const bot = await HostileBot.start({ options: { ...emu.moduleOptions(), ...FAST, unauthorizedRetryMs: 60_000 } });
    await bot.waitFor(() => bot.output.includes('10006'), 10_000, 'the 10006 line');
    expect(bot.output).toMatch(/ERROR.*10006 "app update required".*update nestjs-mixin-blaze/);
    expect(await attemptsOver(1500)).toBe(0);
    expect(emu.connections).toBe(1);
    await finish(bot);
  }, 40_000);

  it('frames of any shape cost at most themselves: the process lives, logs stay short, the stream goes on', async () => {
    emu = await BlazeEmulator.start();
    const bot = await HostileBot.start({ options: { ...emu.moduleOptions(), ...FAST } });
    const first = emu.userSendsText('1 first').message_id;
    await emu.waitForAck(first, 10_000);
    const forged = `x\n[Nest] 7 - FORGED ${'y'.repeat(2 * MB)}`;
    // A valid message view with one extra field nested 100k levels deep (V8's JSON.parse is
    // iterative; nothing in transport walks a frame, and the dispatcher must not either).
    const deepId = randomUUID();
    const at = new Date().toISOString();
    const view = { type: 'message', conversation_id: randomUUID(), user_id: emu.userId, session_id: randomUUID(), message_id: deepId, category: 'PLAIN_TEXT', data: Buffer.from('3 deep').toString('base64'), status: 'SENT', source: 'CREATE_MESSAGE', quote_message_id: '', representative_id: '', created_at: at, updated_at: at };
    const deep = JSON.stringify({ id: randomUUID(), action: 'CREATE_MESSAGE', data: view }).slice(0, -2) + `,"deep":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
    const odd: Array<object | string> = [
      { id: randomUUID(), action: 'ERROR', error: 'not an object' },
      { id: randomUUID(), action: 'ERROR', error: [401] },
      { id: randomUUID(), action: 'ERROR', error: { code: { deep: true }, description: forged } },
      { id: forged, action: 'CREATE_MESSAGE', data: 'a string' },
      { id: randomUUID(), action: forged, data: {} },
      { id: 42, action: 'CREATE_MESSAGE', data: [1, 2, 3] },
      deep,
      { id: randomUUID(), action: 'LIST_PENDING_MESSAGES', data: { type: 'message', message_id: forged } },
    ];
    for (const frame of odd) expect(emu.pushRawFrame(frame)).toBe(1);
    const last = emu.userSendsText('2 last').message_id;
    await emu.waitForAcks([deepId, last], 15_000);
    const journal = await finish(bot);
    expect([journal.done.get(deepId), journal.done.get(last)]).toEqual([1, 1]);
    expect(emu.connections).toBe(1);
    expect(bot.output.split('\n').some((l) => l.startsWith('[Nest] 7 - FORGED'))).toBe(false);
    expect(bot.output.length).toBeLessThan(30_000);
  }, 40_000);
});
