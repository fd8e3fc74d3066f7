import { Injectable } from '@nestjs/common';
import { Ctx, Message, MixinBlazeService, OnMessage, type BlazeContext, type PostMessage, type TextMessage } from 'nestjs-mixin-blaze';
import { BlazeEmulator } from 'nestjs-mixin-blaze/testing';
import { deferred, startBot, type BotApp } from './support/bot-app.js';

@Injectable()
class CountingHandler {
  readonly calls = new Map<string, number>();
  readonly gate = deferred();

  @OnMessage('PLAIN_TEXT')
  async onText(message: TextMessage): Promise<void> {
    this.calls.set(message.messageId, (this.calls.get(message.messageId) ?? 0) + 1);
    if (message.payload === 'hold') await this.gate.promise;
  }
}

/** autoAck: false; 'ctx' acks through the context, anything else through the service. */
@Injectable()
class ManualAckHandler {
  readonly calls = new Map<string, number>();
  constructor(private readonly blaze: MixinBlazeService) {}

  @OnMessage('PLAIN_POST', { autoAck: false })
  async onPost(@Message() message: PostMessage, @Ctx() ctx: BlazeContext): Promise<void> {
    this.calls.set(message.messageId, (this.calls.get(message.messageId) ?? 0) + 1);
    if (message.payload === 'ctx') await ctx.ack();
    else await this.blaze.ack(message.messageId);
  }
}

describe('duplicate deliveries', () => {
  let emu: BlazeEmulator;
  let bot: BotApp;
  let handler: CountingHandler;

  beforeAll(async () => {
    emu = await BlazeEmulator.start();
    bot = await startBot(emu, [CountingHandler, ManualAckHandler]);
    handler = bot.app.get(CountingHandler);
    await emu.waitFor(() => bot.blaze.state === 'open', 5_000, 'open');
  });
  afterAll(async () => {
    await bot.close();
    await emu.close();
  });

  const ackCount = (id: string) => emu.acks.filter((a) => a.messageId === id).length;
  const redeliver = (view: object) => emu.pushRawFrame({ id: crypto.randomUUID(), action: 'CREATE_MESSAGE', data: view });

  it('a message in flight is not handed to the handler again', async () => {
    const view = emu.userSendsText('hold', { conversationId: crypto.randomUUID() });
    await emu.waitFor(() => handler.calls.get(view.message_id) === 1, 5_000, 'the first delivery');
    redeliver(view);
    await emu.waitFor(() => bot.logs.find('debug', view.message_id, 'already being handled').length === 1, 5_000, 'the duplicate');
    handler.gate.resolve();
    await emu.waitForAck(view.message_id, 5_000);
    expect(handler.calls.get(view.message_id)).toBe(1);
  });

  it('a message handled in the recent past is acknowledged again instead of handled', async () => {
    const view = emu.userSendsText('once', { conversationId: crypto.randomUUID() });
    await emu.waitForAck(view.message_id, 5_000);
    redeliver(view);
    await emu.waitFor(() => ackCount(view.message_id) === 2, 5_000, 'the second ack');
    expect(handler.calls.get(view.message_id)).toBe(1);
  });

  it('a handled message whose ack was lost in a reconnect is redelivered, acked again, and not handled twice', async () => {
    emu.faults.failAcks({ mode: 'hang' });
    const view = emu.userSendsText('ack gets stuck', { conversationId: crypto.randomUUID() });
    await emu.waitFor(() => handler.calls.get(view.message_id) === 1, 5_000, 'the handler');
    const connections = emu.connections;
    emu.faults.dropConnections();
    await emu.waitFor(() => emu.deliveries(view.message_id) === 2 && emu.connections > connections, 5_000, 'the redelivery');
    emu.faults.failAcks(false);
    await emu.waitForAck(view.message_id, 5_000);
    expect(handler.calls.get(view.message_id)).toBe(1);
  });

  it.each(['ctx', 'service'])('a message acked by hand (%s) and redelivered is acknowledged again, not handled again', async (how) => {
    const manual = bot.app.get(ManualAckHandler);
    const view = emu.userSends({ category: 'PLAIN_POST', payload: how, conversationId: crypto.randomUUID() });
    await emu.waitForAck(view.message_id, 5_000);
    redeliver(view);
    await emu.waitFor(() => ackCount(view.message_id) === 2, 5_000, 'the second ack');
    expect(manual.calls.get(view.message_id)).toBe(1);
  });

  it('blaze.ack() refuses an id that is not a UUID instead of sending it', async () => {
    const acksBefore = emu.acks.length;
    await expect(bot.blaze.ack('not-a-uuid\nforged')).rejects.toThrow(/not-a-uuid\\nforged.*a message id is a UUID/);
    expect(emu.acks.length).toBe(acksBefore);
  });
});
