import { Injectable } from '@nestjs/common';
import { MixinBlazeService, OnMessage, type TextMessage } from 'nestjs-mixin-blaze';
import { BlazeEmulator } from 'nestjs-mixin-blaze/testing';
import { startBot, type BotApp } from './support/bot-app.js';

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
});
