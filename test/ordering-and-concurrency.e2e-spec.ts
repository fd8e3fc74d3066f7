import { Injectable } from '@nestjs/common';
import { OnMessage, type BlazeMessage, type TextMessage } from 'nestjs-mixin-blaze';
import { BlazeEmulator } from 'nestjs-mixin-blaze/testing';
import { startBot, type BotApp } from './support/bot-app.js';

/** Tracks how many handlers run at once, overall and per conversation, and the order per conversation. */
class Tracker {
  running = 0;
  maxRunning = 0;
  readonly perConversation = new Map<string, number>();
  maxPerConversation = 0;
  readonly order = new Map<string, string[]>();

  async around(message: TextMessage, work: () => Promise<void>): Promise<void> {
    const conv = message.conversationId;
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    const inConv = (this.perConversation.get(conv) ?? 0) + 1;
    this.perConversation.set(conv, inConv);
    this.maxPerConversation = Math.max(this.maxPerConversation, inConv);
    this.order.set(conv, [...(this.order.get(conv) ?? []), message.payload]);
    try {
      await work();
    } finally {
      this.running--;
      this.perConversation.set(conv, this.perConversation.get(conv)! - 1);
    }
  }
}

// A few turns of the event loop: long enough for other messages to be dispatched meanwhile.
const yieldTurns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

@Injectable()
class OrderedHandler {
  readonly tracker = new Tracker();

  @OnMessage('PLAIN_TEXT')
  onText(message: TextMessage): Promise<void> {
    // Later messages finish faster: without ordering they would overtake earlier ones.
    return this.tracker.around(message, () => yieldTurns(40 - Number(message.payload.split('#')[1])));
  }
}

@Injectable()
class UnorderedHandler {
  readonly tracker = new Tracker();

  @OnMessage('PLAIN_TEXT', { ordered: false })
  onText(message: TextMessage): Promise<void> {
    return this.tracker.around(message, () => yieldTurns(20));
  }
}

@Injectable()
class LimitedHandler {
  readonly tracker = new Tracker();

  @OnMessage('PLAIN_TEXT', { concurrency: 1 })
  onText(message: TextMessage): Promise<void> {
    return this.tracker.around(message, () => yieldTurns(20));
  }

  @OnMessage('PLAIN_POST')
  onPost(_message: BlazeMessage): void {}
}

function feed(emu: BlazeEmulator, conversations: number, perConversation: number): string[] {
  const ids: string[] = [];
  const convs = Array.from({ length: conversations }, () => crypto.randomUUID());
  for (let i = 0; i < perConversation; i++) {
    for (const conversationId of convs) ids.push(emu.userSendsText(`${conversationId}#${i}`, { conversationId }).message_id);
  }
  return ids;
}

describe('ordering and concurrency', () => {
  let emu: BlazeEmulator;
  let bot: BotApp | undefined;

  beforeEach(async () => {
    emu = await BlazeEmulator.start();
  });
  afterEach(async () => {
    await bot?.close();
    bot = undefined;
    await emu.close();
  });

  it('handles one conversation in order, one at a time, and conversations concurrently up to the limit', async () => {
    const ids = feed(emu, 6, 30);
    bot = await startBot(emu, [OrderedHandler], { concurrency: 4 });
    await emu.waitForAcks(ids, 20_000);
    const { tracker } = bot.app.get(OrderedHandler);
    for (const [conversationId, seen] of tracker.order) {
      expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => `${conversationId}#${i}`));
    }
    expect(tracker.maxPerConversation).toBe(1);
    expect(tracker.maxRunning).toBe(4);
  });

  it('ordered:false lets one conversation run concurrently', async () => {
    const ids = feed(emu, 1, 20);
    bot = await startBot(emu, [UnorderedHandler], { concurrency: 8 });
    await emu.waitForAcks(ids, 20_000);
    const { tracker } = bot.app.get(UnorderedHandler);
    expect(tracker.maxPerConversation).toBeGreaterThan(1);
    expect(tracker.maxRunning).toBeLessThanOrEqual(8);
  });

  it('a per-handler concurrency limit holds across conversations', async () => {
    const ids = feed(emu, 5, 5);
    bot = await startBot(emu, [LimitedHandler], { concurrency: 8 });
    await emu.waitForAcks(ids, 20_000);
    expect(bot.app.get(LimitedHandler).tracker.maxRunning).toBe(1);
  });
});
