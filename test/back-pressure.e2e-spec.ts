import { Injectable } from '@nestjs/common';
import { MixinBlazeService, OnMessage, type TextMessage } from 'nestjs-mixin-blaze';
import { BlazeEmulator } from 'nestjs-mixin-blaze/testing';
import { deferred, startBot, type BotApp } from './support/bot-app.js';

const FLOOD = Number(process.env.BLAZE_FLOOD ?? 20_000);
const HIGH_WATER = 200;

@Injectable()
class SlowishHandler {
  handled = 0;
  sawPaused = false;

  constructor(private readonly blaze: MixinBlazeService) {}

  @OnMessage('PLAIN_TEXT')
  async onText(_message: TextMessage): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    this.sawPaused ||= this.blaze.stats().paused;
    this.handled++;
  }
}

/** A bot whose handlers all wait on one gate, with a high-water mark of 10: it pauses at once. */
async function startGatedBot(emu: BlazeEmulator, options: Parameters<typeof startBot>[2]) {
  const gate = deferred();
  @Injectable()
  class Gated {
    @OnMessage('PLAIN_TEXT')
    async on(): Promise<void> {
      await gate.promise;
    }
  }
  const bot = await startBot(emu, [Gated], { highWaterMark: 10, lowWaterMark: 5, ...options });
  return { bot, gate };
}

describe('back-pressure', () => {
  let emu: BlazeEmulator;
  let bot: BotApp;

  beforeAll(async () => {
    emu = await BlazeEmulator.start();
  });
  afterAll(async () => {
    await bot?.close();
    await emu.close();
  });

  it(`a flood of ${FLOOD} pending messages never holds more than the high-water mark`, async () => {
    const ids = emu.userSendsMany(FLOOD, (i) => ({ payload: `m${i}`, conversationId: `00000000-0000-4000-8000-${String(i % 500).padStart(12, '0')}` }));
    bot = await startBot(emu, [SlowishHandler], { highWaterMark: HIGH_WATER, lowWaterMark: HIGH_WATER / 2, concurrency: 64 });
    await emu.waitForAcks(ids, 120_000);

    const handler = bot.app.get(SlowishHandler);
    const stats = bot.blaze.stats();
    expect(handler.handled).toBe(FLOOD);
    expect(stats.peakBuffered).toBeLessThanOrEqual(HIGH_WATER);
    expect(stats.peakBuffered).toBeGreaterThan(HIGH_WATER / 2);
    expect(handler.sawPaused).toBe(true);
    expect(stats.buffered).toBe(0);
    expect(stats.paused).toBe(false);
  }, 180_000);

  it('a pause longer than the dead-connection deadline is not mistaken for a dead connection', async () => {
    const emu2 = await BlazeEmulator.start();
    const ids = emu2.userSendsMany(40, (i) => ({ payload: `g${i}`, conversationId: crypto.randomUUID() }));
    const { bot: gated, gate } = await startGatedBot(emu2, { pingIntervalMs: 50, deadConnectionTimeoutMs: 300 });
    try {
      await emu2.waitFor(() => gated.blaze.stats().paused, 5_000, 'the pause');
      const pausedAt = Date.now();
      // Three deadlines' worth of deliberate silence: a keepalive that counted it would have reconnected.
      await emu2.waitFor(() => Date.now() - pausedAt > 900, 2_000, 'a long pause');
      expect(emu2.connections).toBe(1);
      gate.resolve();
      await emu2.waitForAcks(ids, 10_000);
      expect(emu2.connections).toBe(1);
    } finally {
      gate.resolve();
      await gated.close();
      await emu2.close();
    }
  });

  it('a reconnect while paused keeps the new socket paused and lists pending messages only once reading resumes', async () => {
    const emu3 = await BlazeEmulator.start();
    const ids = emu3.userSendsMany(60, (i) => ({ payload: `r${i}`, conversationId: crypto.randomUUID() }));
    const { bot: gated, gate } = await startGatedBot(emu3, {});
    try {
      await emu3.waitFor(() => gated.blaze.stats().paused, 5_000, 'the pause');
      emu3.faults.dropConnections();
      await emu3.waitFor(() => emu3.openConnections === 1 && emu3.connections === 2, 5_000, 'the reconnect');
      // A round trip on the new socket would be needed to list: nothing may have been pushed on it yet.
      const deliveredTwice = () => ids.filter((id) => emu3.deliveries(id) > 1).length;
      expect(deliveredTwice()).toBe(0);
      expect(gated.blaze.stats().buffered).toBeLessThanOrEqual(10);
      gate.resolve();
      await emu3.waitForAcks(ids, 10_000);
      expect(gated.blaze.stats().peakBuffered).toBeLessThanOrEqual(10);
    } finally {
      gate.resolve();
      await gated.close();
      await emu3.close();
    }
  });
});
