import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { BlazeContext, ImagePayload, MixinBlazeModule, PostMessage, TextMessage, type ImageMessage } from 'nestjs-mixin-blaze';
import { BlazeEmulator } from 'nestjs-mixin-blaze/testing';
import { bootModule, FAST_OPTIONS, type BotApp } from './support/bot-app.js';
import {
  seen,
  SwallowedError,
  GlobalGuard,
  GlobalInterceptor,
  HttpOnlyInterceptor,
  GlobalPipe,
  SwallowFilter,
  Handlers,
} from './support/enhancer-fixtures.js';

describe('Nest enhancers around @OnMessage handlers', () => {
  let emu: BlazeEmulator;
  let bot: BotApp;
  let handlers: Handlers;

  beforeAll(async () => {
    emu = await BlazeEmulator.start();
    @Module({
      imports: [
        MixinBlazeModule.forRoot({
          ...emu.moduleOptions(),
          ...FAST_OPTIONS,
          // One attempt, and a failure leaves the message un-acked: a failure shows as a missing ack.
          retry: { attempts: 1 },
          deadLetter: 'leave',
        }),
      ],
      providers: [
        Handlers,
        { provide: APP_GUARD, useClass: GlobalGuard },
        { provide: APP_INTERCEPTOR, useClass: GlobalInterceptor },
        { provide: APP_INTERCEPTOR, useClass: HttpOnlyInterceptor },
        { provide: APP_PIPE, useClass: GlobalPipe },
        { provide: APP_FILTER, useClass: SwallowFilter },
      ],
    })
    class EnhancedBotModule {}
    bot = await bootModule(EnhancedBotModule);
    handlers = bot.app.get(Handlers);
  });
  afterAll(async () => {
    for (const state of seen.earlyAck.values()) state.gate.resolve();
    await bot.close();
    await emu.close();
  });

  /** A message in a fresh conversation whose ack proves everything before it was handled and flushed. */
  async function barrier(): Promise<void> {
    const view = emu.userSendsText('1', { conversationId: crypto.randomUUID() });
    await emu.waitForAck(view.message_id, 5_000);
  }

  function sendImage(width: number) {
    return emu.userSends({
      category: 'PLAIN_IMAGE',
      payload: { attachment_id: crypto.randomUUID(), mime_type: 'image/png', width, height: 480, size: 1234 },
      conversationId: crypto.randomUUID(),
    });
  }

  it('runs global, class and method guards and interceptors around the handler, in Nest order', async () => {
    const view = sendImage(640);
    await emu.waitForAck(view.message_id, 5_000);
    expect(seen.trail.get(view.message_id)).toEqual([
      'guard:global',
      'guard:class',
      'guard:method',
      'interceptor:global:before',
      'interceptor:class:before',
      'interceptor:method:before',
      'handler',
      'interceptor:method:after',
      'interceptor:class:after',
      'interceptor:global:after',
    ]);
    expect(seen.guardTypes.get(view.message_id)).toBe('blaze');
  });

  it("gives interceptors a 'blaze' context whose args are the message DTO and its BlazeContext", async () => {
    const view = sendImage(320);
    await emu.waitForAck(view.message_id, 5_000);
    const saw = seen.interceptor.get(view.message_id)!;
    expect(saw).toBeDefined();
    expect(saw.type).toBe('blaze');
    expect(saw.isBlaze).toBe(true);
    expect(saw.className).toBe('Handlers');
    expect(saw.handlerName).toBe('onImage');
    const [message, , , ctx] = seen.params.get(view.message_id) as [ImageMessage, number, ImagePayload, BlazeContext];
    expect(saw.arg0).toBe(message); // the very DTO the handler got
    expect(message.messageId).toBe(view.message_id);
    expect(saw.arg1).toBeInstanceOf(BlazeContext);
    expect(saw.arg1).toBe(ctx);
  });

  it('lets an HTTP-only interceptor written with isBlazeContext step aside', async () => {
    const view = emu.userSends({ category: 'PLAIN_POST', payload: 'hello', conversationId: crypto.randomUUID() });
    await emu.waitForAck(view.message_id, 5_000);
    expect(seen.httpOnlyStepAside.get(view.message_id)).toBe(1);
    expect(handlers.called.has(view.message_id)).toBe(true);
  });

  it('a guard returning false: handler not called, message acked, refusal logged at warn', async () => {
    const view = emu.userSends({ category: 'PLAIN_POST', payload: 'deny', conversationId: crypto.randomUUID() });
    await emu.waitForAck(view.message_id, 5_000);
    expect(handlers.called.has(view.message_id)).toBe(false);
    expect(seen.trail.get(view.message_id)).toEqual(['guard:global']); // stopped at the first guard
    expect(bot.logs.find('warn', 'refused', view.message_id)).toHaveLength(1);
    expect(bot.logs.find('error', view.message_id)).toEqual([]);
  });

  it('a method-level guard refusing is a refusal too', async () => {
    const view = sendImage(666);
    await emu.waitForAck(view.message_id, 5_000);
    expect(handlers.called.has(view.message_id)).toBe(false);
    expect(seen.trail.get(view.message_id)).toEqual(['guard:global', 'guard:class', 'guard:method']);
    expect(bot.logs.find('warn', 'refused', view.message_id, 'Handlers.onImage')).toHaveLength(1);
  });

  it('@Message(), @Payload(), @Payload(property) and @Ctx() receive the message, its payload, one property and the context', async () => {
    const view = sendImage(800);
    await emu.waitForAck(view.message_id, 5_000);
    const [message, width, payload, ctx] = seen.params.get(view.message_id) as [ImageMessage, number, ImagePayload, BlazeContext];
    expect(message.messageId).toBe(view.message_id);
    expect(message.category).toBe('PLAIN_IMAGE');
    expect(message.conversationId).toBe(view.conversation_id);
    expect(width).toBe(800);
    expect(payload).toBeInstanceOf(ImagePayload);
    expect(payload).toBe(message.payload);
    expect(payload.mimeType).toBe('image/png');
    expect(ctx).toBeInstanceOf(BlazeContext);
    expect(ctx.attempt).toBe(1);
    expect(ctx.raw.message_id).toBe(view.message_id);
    expect(ctx.messageId).toBe(view.message_id);
    expect(ctx.category).toBe('PLAIN_IMAGE');
    expect(ctx.message).toBe(message);
    // APP_PIPE ran on every decorated parameter, the message and the context included.
    const piped = seen.piped.map((p) => p.value);
    for (const value of [message, payload, ctx]) expect(piped.filter((v) => v === value)).toHaveLength(1);
    expect(piped.filter((v) => v === 800)).toHaveLength(1); // a width no other test sends
  });

  it('@Payload(new ParseIntPipe()) turns the text "42" into the number 42', async () => {
    const view = emu.userSendsText('42', { conversationId: crypto.randomUUID() });
    await emu.waitForAck(view.message_id, 5_000);
    const [n, message] = seen.params.get(view.message_id) as [number, TextMessage];
    expect(n).toBe(42);
    expect(message).toBeInstanceOf(TextMessage);
    expect(message.payload).toBe('42');
  });

  it('an undecorated first parameter receives the DTO', async () => {
    const view = emu.userSends({ category: 'PLAIN_POST', payload: '# post', conversationId: crypto.randomUUID() });
    await emu.waitForAck(view.message_id, 5_000);
    const [message] = seen.params.get(view.message_id) as [PostMessage];
    expect(message).toBeInstanceOf(PostMessage);
    expect(message.messageId).toBe(view.message_id);
    expect(message.payload).toBe('# post');
  });

  it('a pipe that throws is a handler failure: not acked, logged at error level', async () => {
    const view = emu.userSendsText('abc', { conversationId: crypto.randomUUID() });
    await emu.waitFor(() => bot.logs.find('error', view.message_id).length > 0, 5_000, 'the failure log');
    await barrier();
    expect(emu.isAcked(view.message_id)).toBe(false);
    expect(handlers.called.has(view.message_id)).toBe(false);
    expect(bot.logs.find('error', `dead letter ${view.message_id}`, 'Handlers.onText failed', 'numeric string is expected')).toHaveLength(1);
  });

  it('ctx.ack() acks early: the server has the ack while the handler is still running', async () => {
    const view = emu.userSends({ category: 'PLAIN_CONTACT', payload: { user_id: crypto.randomUUID() }, conversationId: crypto.randomUUID() });
    await emu.waitFor(() => seen.earlyAck.get(view.message_id)?.acked === true, 5_000, 'ctx.ack() to resolve');
    const state = seen.earlyAck.get(view.message_id)!;
    expect(emu.isAcked(view.message_id)).toBe(true);
    expect(state.finished).toBe(false);
    state.gate.resolve();
    await emu.waitFor(() => state.finished, 5_000, 'the handler to finish');
  });

  it('an exception filter bound with @UseFilters that returns a value swallows the error: the message is acked', async () => {
    const view = emu.userSends({ category: 'PLAIN_STICKER', payload: { sticker_id: crypto.randomUUID() }, conversationId: crypto.randomUUID() });
    await emu.waitForAck(view.message_id, 5_000);
    expect(handlers.called.has(view.message_id)).toBe(true);
    const caught = seen.filtered.get(view.message_id)!;
    expect(caught.filter).toBe('method');
    expect(caught.hostType).toBe('blaze');
    expect(String((caught.error as Error).message)).toContain('sticker handler blew up');
    expect(bot.logs.find('error', view.message_id)).toEqual([]);
  });

  it('an APP_FILTER that returns a value swallows the error class it catches: the message is acked', async () => {
    const view = emu.userSends({ category: 'PLAIN_LOCATION', payload: { latitude: 1.5, longitude: 103.8 }, conversationId: crypto.randomUUID() });
    await emu.waitForAck(view.message_id, 5_000);
    expect(handlers.called.has(view.message_id)).toBe(true);
    const caught = seen.filtered.get(view.message_id)!;
    expect(caught.filter).toBe('global');
    expect(caught.error).toBeInstanceOf(SwallowedError);
    expect(bot.logs.find('error', view.message_id)).toEqual([]);
  });
});
