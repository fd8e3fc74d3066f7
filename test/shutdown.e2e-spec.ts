import { Injectable } from '@nestjs/common';
import { OnMessage, type TextMessage } from 'nestjs-mixin-blaze';
import { BlazeEmulator } from 'nestjs-mixin-blaze/testing';
import { deferred, startBot } from './support/bot-app.js';

@Injectable()
class SlowHandler {
  readonly started = new Set<string>();
  readonly gate = deferred();

  @OnMessage('PLAIN_TEXT')
  async onText(message: TextMessage): Promise<void> {
    this.started.add(message.messageId);
    if (message.payload === 'slow') await this.gate.promise;
  }
}

describe('shutdown', () => {
  let emu: BlazeEmulator;

  beforeEach(async () => {
    emu = await BlazeEmulator.start();
  });
  afterEach(async () => {
    await emu.close();
  });

  it('waits for running handlers and flushes their acks before close resolves', async () => {
    // A long flush interval: only the shutdown flush can send these acks in time.
    const bot = await startBot(emu, [SlowHandler], { ackFlushIntervalMs: 60_000, ackBatchSize: 100 });
    const handler = bot.app.get(SlowHandler);
    const fast = emu.userSendsText('fast').message_id;
    const slow = emu.userSendsText('slow').message_id;
    await emu.waitFor(() => handler.started.has(fast) && handler.started.has(slow), 5_000, 'both handlers to start');

    let closed = false;
    const closing = bot.close().then(() => (closed = true));
    await emu.waitFor(() => emu.openConnections === 1, 1_000, 'the socket to stay open while a handler runs');
    expect(closed).toBe(false);
    expect(emu.isAcked(slow)).toBe(false);

    handler.gate.resolve();
    await closing;
    expect(emu.isAcked(fast)).toBe(true);
    expect(emu.isAcked(slow)).toBe(true);
    await emu.waitFor(() => emu.openConnections === 0, 2_000, 'the socket to close');
  });

  it('does not ack a handler that outlives the shutdown timeout; the message is redelivered', async () => {
    const bot = await startBot(emu, [SlowHandler], { shutdownTimeoutMs: 200 });
    const handler = bot.app.get(SlowHandler);
    const slow = emu.userSendsText('slow').message_id;
    await emu.waitFor(() => handler.started.has(slow), 5_000, 'the handler to start');
    await bot.close();
    expect(emu.isAcked(slow)).toBe(false);
    expect(bot.logs.find('error', 'still running')).toHaveLength(1);
    expect(emu.pending()).toContain(slow);
    handler.gate.resolve();
  });
});
