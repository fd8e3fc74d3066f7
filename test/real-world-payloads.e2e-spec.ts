import { Injectable } from '@nestjs/common';
import { OnMessage, TextMessage, type BlazeMessage, type InvalidMessageInfo, type MixinCategory } from 'nestjs-mixin-blaze';
import { BlazeEmulator, type UserSendOptions } from 'nestjs-mixin-blaze/testing';
import { REAL_PAYLOADS } from '../libs/mixin-blaze/src/messages/real-payloads/index.js';
import { startBot, type BotApp } from './support/bot-app.js';

// Issue 9 §1, "Never reject a real message": every shape in the corpus (each citing the
// official sender or client it comes from) goes through a real Nest app over loopback and must
// reach its handler, typed, and be acked; none may take the invalid path.

const CATEGORIES = [...new Set(REAL_PAYLOADS.map((f) => f.category))];

@Injectable()
class Recorder {
  readonly received = new Map<string, BlazeMessage>();

  @OnMessage(CATEGORIES as MixinCategory[])
  onMessage(message: BlazeMessage): void {
    this.received.set(message.messageId, message);
  }
}

describe('real-world payloads reach their handlers', () => {
  let emu: BlazeEmulator;
  let bot: BotApp;
  const invalid = new Map<string, InvalidMessageInfo>();

  beforeAll(async () => {
    emu = await BlazeEmulator.start();
    bot = await startBot(emu, [Recorder], { onInvalidMessage: (info) => void invalid.set(String(info.messageId), info) });
  });
  afterAll(async () => {
    await bot.close();
    await emu.close();
  });

  it.each(REAL_PAYLOADS.map((f) => [`${f.category}: ${f.name}`, f] as const))('%s', async (_title, f) => {
    const view = emu.userSends({ category: f.category, payload: f.payload as string | object });
    // The ack follows the handler (or the invalid path): once it is in, both have run.
    await emu.waitForAck(view.message_id, 5_000);

    expect(invalid.get(view.message_id)?.error.message).toBeUndefined();
    const message = bot.app.get(Recorder).received.get(view.message_id);
    expect(message).toBeInstanceOf(f.messageClass);
    if (typeof f.expected === 'string') expect(message!.payload).toBe(f.expected);
    else expect(message!.payload).toMatchObject(f.expected as object);
    for (const [key, value] of Object.entries(Array.isArray(f.extras) ? {} : (f.extras ?? {}))) {
      expect(message!.payload).toHaveProperty([key], value);
    }
  });

  it('an envelope whose optional fields are null is handled, with those fields undefined', async () => {
    const nulls = { source: null, status: null, silent: null, expire_in: null, session_id: null, quote_message_id: null, representative_id: null };
    const view = emu.userSends({ category: 'PLAIN_TEXT', payload: 'nulls', raw: nulls as unknown as UserSendOptions['raw'] });
    await emu.waitForAck(view.message_id, 5_000);

    expect(invalid.has(view.message_id)).toBe(false);
    const message = bot.app.get(Recorder).received.get(view.message_id);
    expect(message).toBeInstanceOf(TextMessage);
    expect(message).toMatchObject({ payload: 'nulls', source: undefined, status: undefined, silent: undefined, expireIn: undefined, sessionId: undefined });
  });
});
