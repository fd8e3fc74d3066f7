import { Injectable } from '@nestjs/common';
import { MixinBlazeService, OnMessage, type PostMessage, type TextMessage } from 'nestjs-mixin-blaze';
import { BlazeEmulator } from 'nestjs-mixin-blaze/testing';
import { deferred, startBot, type BotApp } from './support/bot-app.js';

/** Conversations pick the behaviour, so one app can show every ack rule. */
@Injectable()
class Handlers {
  readonly held = new Map<string, ReturnType<typeof deferred<void>>>();
  readonly attempts = new Map<string, number>();
  readonly manual: string[] = [];

  constructor(private readonly blaze: MixinBlazeService) {}

  @OnMessage('PLAIN_TEXT')
  async onText(message: TextMessage): Promise<void> {
    const n = (this.attempts.get(message.messageId) ?? 0) + 1;
    this.attempts.set(message.messageId, n);
    if (message.payload === 'hold') {
      const gate = deferred();
      this.held.set(message.messageId, gate);
      await gate.promise;
    }
    if (message.payload === 'fail once' && n === 1) throw new Error('boom on first attempt');
  }

  @OnMessage('PLAIN_POST', { autoAck: false })
  onPost(message: PostMessage): void {
    this.manual.push(message.messageId);
  }
}

describe('acknowledgement semantics', () => {
  let emu: BlazeEmulator;
  let bot: BotApp;
  let handlers: Handlers;

  beforeAll(async () => {
    emu = await BlazeEmulator.start();
    // One attempt and no dead-letter ack: this file is about the basic ack rules (retries have their own).
    bot = await startBot(emu, [Handlers], { retry: { attempts: 1 }, deadLetter: 'leave' });
    handlers = bot.app.get(Handlers);
  });
  afterAll(async () => {
    for (const gate of handlers.held.values()) gate.resolve();
    await bot.close();
    await emu.close();
  });

  /** A message whose ack proves the ack pipeline flushed everything that was due before it. */
  async function barrier(): Promise<void> {
    // Its own conversation: per-conversation ordering would otherwise queue it behind a held message.
    const view = emu.userSendsText('barrier', { conversationId: crypto.randomUUID() });
    await emu.waitForAck(view.message_id, 5_000);
  }

  it('acks only after the handler resolves: a handler held open has no ack yet', async () => {
    const held = emu.userSendsText('hold', { conversationId: crypto.randomUUID() });
    await emu.waitFor(() => handlers.held.has(held.message_id), 5_000, 'the handler to start');
    await barrier();
    expect(emu.isAcked(held.message_id)).toBe(false);

    handlers.held.get(held.message_id)!.resolve();
    const ack = await emu.waitForAck(held.message_id, 5_000);
    expect(ack.status).toBe('READ');
    expect(ack.via).toBe('http');
  });

  it('does not ack a message whose handler threw; it comes back after a reconnect and is acked then', async () => {
    const view = emu.userSendsText('fail once', { conversationId: crypto.randomUUID() });
    await emu.waitFor(() => handlers.attempts.get(view.message_id) === 1, 5_000, 'the first attempt');
    await barrier();
    expect(emu.isAcked(view.message_id)).toBe(false);
    expect(bot.logs.find('error', `dead letter ${view.message_id}`, 'Handlers.onText failed after 1 attempt:')).toHaveLength(1);

    const before = emu.connections;
    emu.faults.dropConnections();
    await emu.waitForConnections(before + 1, 5_000);
    await emu.waitForAck(view.message_id, 5_000);
    expect(handlers.attempts.get(view.message_id)).toBe(2);
    expect(emu.deliveries(view.message_id)).toBe(2);
  });

  it('leaves autoAck:false messages to the handler; MixinBlazeService.ack resolves once the server has it', async () => {
    const view = emu.userSends({ category: 'PLAIN_POST', payload: '# manual', conversationId: crypto.randomUUID() });
    await emu.waitFor(() => handlers.manual.includes(view.message_id), 5_000, 'the manual handler');
    await barrier();
    expect(emu.isAcked(view.message_id)).toBe(false);

    await bot.blaze.ack(view.message_id);
    expect(emu.isAcked(view.message_id)).toBe(true);
  });

  it('acks categories that have no handler and logs them at debug level', async () => {
    const view = emu.userSends({ category: 'PLAIN_STICKER', payload: { sticker_id: crypto.randomUUID() } });
    await emu.waitForAck(view.message_id, 5_000);
    expect(bot.logs.find('debug', 'no handler for PLAIN_STICKER', view.message_id)).toHaveLength(1);
  });
});
