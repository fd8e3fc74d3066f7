import { Injectable } from '@nestjs/common';
import {
  Ctx,
  Message,
  OnDeadLetter,
  OnMessage,
  SkipAck,
  type BlazeContext,
  type DeadLetter,
  type TextMessage,
} from 'nestjs-mixin-blaze';
import { BlazeEmulator } from 'nestjs-mixin-blaze/testing';
import { deferred, startBot, type BotApp } from './support/bot-app.js';

/** The text says how the handler behaves: 'fail N' fails the first N attempts, 'always' always fails. */
@Injectable()
class FlakyHandler {
  readonly attempts = new Map<string, number[]>();
  readonly letters: DeadLetter[] = [];
  readonly hang = deferred();

  @OnMessage('PLAIN_TEXT')
  async onText(@Message() message: TextMessage, @Ctx() ctx: BlazeContext): Promise<SkipAck | void> {
    this.attempts.set(message.messageId, [...(this.attempts.get(message.messageId) ?? []), ctx.attempt]);
    const [word, n] = message.payload.split(' ');
    if (word === 'fail' && ctx.attempt <= Number(n)) throw new Error(`planned failure ${ctx.attempt}`);
    if (word === 'always') throw new Error('always fails');
    if (word === 'skip') return new SkipAck('not now');
    if (word === 'hang') await this.hang.promise;
  }

  @OnDeadLetter()
  onDeadLetter(letter: DeadLetter): void {
    this.letters.push(letter);
  }
}

const RETRY = { attempts: 3, initialDelayMs: 10, maxDelayMs: 50 };
const conv = () => ({ conversationId: crypto.randomUUID() });

describe('retries and dead letters', () => {
  let emu: BlazeEmulator;
  let bot: BotApp | undefined;
  const optionLetters: DeadLetter[] = [];

  beforeEach(async () => {
    emu = await BlazeEmulator.start();
  });
  afterEach(async () => {
    await bot?.close();
    bot = undefined;
    await emu.close();
  });

  async function barrier(): Promise<void> {
    await emu.waitForAck(emu.userSendsText('ok', conv()).message_id, 5_000);
  }

  it('retries a throwing handler with backoff, and acks once an attempt succeeds', async () => {
    bot = await startBot(emu, [FlakyHandler], { retry: RETRY });
    const view = emu.userSendsText('fail 2', conv());
    await emu.waitForAck(view.message_id, 5_000);
    const handler = bot.app.get(FlakyHandler);
    expect(handler.attempts.get(view.message_id)).toEqual([1, 2, 3]);
    expect(handler.letters).toHaveLength(0);
    expect(bot.logs.find('warn', view.message_id, 'attempt 1/3')).toHaveLength(1);
    expect(bot.logs.find('warn', view.message_id, 'attempt 2/3')).toHaveLength(1);
  });

  it('after the last attempt: dead-letter hooks, an error log with the envelope (not the payload), then the ack', async () => {
    bot = await startBot(emu, [FlakyHandler], { retry: RETRY, onDeadLetter: (l) => void optionLetters.push(l) });
    const view = emu.userSendsText('always', conv());
    const ack = await emu.waitForAck(view.message_id, 5_000);
    const handler = bot.app.get(FlakyHandler);
    expect(handler.attempts.get(view.message_id)).toEqual([1, 2, 3]);

    const [letter] = handler.letters;
    expect(letter).toMatchObject({ attempts: 3, handler: 'FlakyHandler.onText' });
    expect(letter).toMatchObject({ kind: 'failed', messageId: view.message_id });
    expect(letter.message!.messageId).toBe(view.message_id);
    expect((letter.error as Error).message).toBe('always fails');
    expect(letter.raw.message_id).toBe(view.message_id);
    expect(optionLetters.map((l) => l.messageId)).toContain(view.message_id);

    const [line] = bot.logs.find('error', 'after 3 attempts', view.message_id);
    expect(line.text).toContain(`conversation_id=${view.conversation_id}`);
    expect(line.text).toContain('category=PLAIN_TEXT');
    expect(line.text).not.toContain(view.data!);
    expect(ack.seq).toBeGreaterThan(0);
  });

  it("deadLetter:'leave' keeps the dead letter un-acked; it is redelivered on the next connection", async () => {
    bot = await startBot(emu, [FlakyHandler], { retry: RETRY, deadLetter: 'leave' });
    const view = emu.userSendsText('always', conv());
    const handler = bot.app.get(FlakyHandler);
    await emu.waitFor(() => handler.letters.length === 1, 5_000, 'the dead letter');
    await barrier();
    expect(emu.isAcked(view.message_id)).toBe(false);

    emu.faults.dropConnections();
    await emu.waitFor(() => handler.letters.length === 2, 5_000, 'the redelivered dead letter');
    expect(emu.deliveries(view.message_id)).toBe(2);
  });

  it('a dead-letter hook that throws leaves the message un-acked', async () => {
    bot = await startBot(emu, [FlakyHandler], {
      retry: { ...RETRY, attempts: 1 },
      onDeadLetter: () => {
        throw new Error('dead-letter store down');
      },
    });
    const view = emu.userSendsText('always', conv());
    await emu.waitFor(() => bot!.logs.find('error', 'dead-letter store down').length === 1, 5_000, 'the hook failure');
    await barrier();
    expect(emu.isAcked(view.message_id)).toBe(false);
  });

  it('SkipAck leaves the message un-acked without retrying or dead-lettering it', async () => {
    bot = await startBot(emu, [FlakyHandler], { retry: RETRY });
    const view = emu.userSendsText('skip', conv());
    const handler = bot.app.get(FlakyHandler);
    await emu.waitFor(() => handler.attempts.has(view.message_id), 5_000, 'the handler');
    await barrier();
    expect(emu.isAcked(view.message_id)).toBe(false);
    expect(handler.attempts.get(view.message_id)).toEqual([1]);
    expect(handler.letters).toHaveLength(0);
    expect(bot.logs.find('error', view.message_id)).toHaveLength(0);
  });

  it('an attempt that outlives handlerTimeoutMs counts as failed', async () => {
    bot = await startBot(emu, [FlakyHandler], { retry: { ...RETRY, attempts: 2 }, handlerTimeoutMs: 100 });
    const view = emu.userSendsText('hang', conv());
    await emu.waitForAck(view.message_id, 5_000);
    const handler = bot.app.get(FlakyHandler);
    expect(handler.attempts.get(view.message_id)).toEqual([1, 2]);
    expect(handler.letters[0].error).toMatchObject({ name: 'HandlerTimeoutError' });
    handler.hang.resolve();
  });
});
