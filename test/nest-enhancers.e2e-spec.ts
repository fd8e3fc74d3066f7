import {
  Catch,
  Injectable,
  Module,
  ParseIntPipe,
  UseFilters,
  UseGuards,
  UseInterceptors,
  type ArgumentMetadata,
  type ArgumentsHost,
  type CallHandler,
  type CanActivate,
  type ExceptionFilter,
  type ExecutionContext,
  type NestInterceptor,
  type PipeTransform,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { tap, type Observable } from 'rxjs';
import {
  BlazeContext,
  Ctx,
  ImagePayload,
  Message,
  MixinBlazeModule,
  OnMessage,
  Payload,
  PostMessage,
  TextMessage,
  isBlazeContext,
  type BlazeMessage,
  type ImageMessage,
} from 'nestjs-mixin-blaze';
import { BlazeEmulator } from 'nestjs-mixin-blaze/testing';
import { bootModule, deferred, FAST_OPTIONS, type BotApp } from './support/bot-app.js';

/**
 * What the enhancers and handlers saw, by message id. Module-level rather than a provider, so that
 * enhancers Nest instantiates on its own (`@UseGuards(Class)`) need no injection to reach it.
 */
const seen = {
  /** Guards, interceptors and handlers in the order they ran. */
  trail: new Map<string, string[]>(),
  /** What the global interceptor read from its ExecutionContext. */
  interceptor: new Map<string, { type: string; isBlaze: boolean; arg0: unknown; arg1: unknown; className: string; handlerName: string }>(),
  /** Parameter values each handler received. */
  params: new Map<string, unknown[]>(),
  /** `getType()` the guard saw. */
  guardTypes: new Map<string, string>(),
  /** Values the global pipe transformed (all messages), with their metadata type. */
  piped: [] as Array<{ value: unknown; type: unknown }>,
  /** How many times the HTTP-only interceptor saw a Blaze context and stepped aside. */
  httpOnlyStepAside: new Map<string, number>(),
  /** Exceptions the filters caught, with the host type. */
  filtered: new Map<string, { filter: string; error: unknown; hostType: string }>(),
  /** Early-ack handler: held open on a gate after ctx.ack() resolved. */
  earlyAck: new Map<string, { acked: boolean; ackedWhileRunning?: boolean; finished: boolean; gate: ReturnType<typeof deferred<void>> }>(),
};

function trail(messageId: string, step: string): void {
  const steps = seen.trail.get(messageId) ?? [];
  steps.push(step);
  seen.trail.set(messageId, steps);
}

function messageOf(ctx: ExecutionContext | ArgumentsHost): BlazeMessage {
  return ctx.getArgByIndex<BlazeMessage>(0);
}

class SwallowedError extends Error {}

@Injectable()
class GlobalGuard implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    const message = messageOf(ctx);
    trail(message.messageId, 'guard:global');
    seen.guardTypes.set(message.messageId, ctx.getType());
    return !(message.category === 'PLAIN_POST' && message.payload === 'deny');
  }
}

@Injectable()
class ClassGuard implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    trail(messageOf(ctx).messageId, 'guard:class');
    return true;
  }
}

@Injectable()
class MethodGuard implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    const message = messageOf(ctx) as ImageMessage;
    trail(message.messageId, 'guard:method');
    return message.payload.width !== 666;
  }
}

function recordingInterceptor(name: string) {
  @Injectable()
  class Recording implements NestInterceptor {
    intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
      const id = messageOf(ctx).messageId;
      trail(id, `interceptor:${name}:before`);
      return next.handle().pipe(tap(() => trail(id, `interceptor:${name}:after`)));
    }
  }
  return Recording;
}
const ClassInterceptor = recordingInterceptor('class');
const MethodInterceptor = recordingInterceptor('method');

@Injectable()
class GlobalInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const arg0 = ctx.getArgByIndex<BlazeMessage>(0);
    seen.interceptor.set(arg0.messageId, {
      type: ctx.getType(),
      isBlaze: isBlazeContext(ctx),
      arg0,
      arg1: ctx.getArgByIndex(1),
      className: ctx.getClass().name,
      handlerName: ctx.getHandler().name,
    });
    trail(arg0.messageId, 'interceptor:global:before');
    return next.handle().pipe(tap(() => trail(arg0.messageId, 'interceptor:global:after')));
  }
}

/** Written for HTTP only: it would throw on a Blaze message (no headers), unless it steps aside. */
@Injectable()
class HttpOnlyInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!isBlazeContext(ctx)) {
      const request = ctx.switchToHttp().getRequest<{ headers: Record<string, string> }>();
      if (!request.headers['x-api-key']) throw new Error('HTTP-only interceptor ran on a non-HTTP context');
    } else {
      const id = messageOf(ctx).messageId;
      seen.httpOnlyStepAside.set(id, (seen.httpOnlyStepAside.get(id) ?? 0) + 1);
    }
    return next.handle();
  }
}

/** APP_PIPE: runs on every decorated parameter; records and passes the value through. */
@Injectable()
class GlobalPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    seen.piped.push({ value, type: metadata.type });
    return value;
  }
}

/** APP_FILTER for one error class: swallows it by returning a value. */
@Catch(SwallowedError)
class SwallowFilter implements ExceptionFilter {
  catch(error: SwallowedError, host: ArgumentsHost): string {
    seen.filtered.set(messageOf(host).messageId, { filter: 'global', error, hostType: host.getType() });
    return 'swallowed';
  }
}

/** A catch-everything filter, bound with @UseFilters on one method. */
@Catch()
class CatchAllFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): { handled: true } {
    seen.filtered.set(messageOf(host).messageId, { filter: 'method', error, hostType: host.getType() });
    return { handled: true };
  }
}

@Injectable()
@UseGuards(ClassGuard)
@UseInterceptors(ClassInterceptor)
class Handlers {
  readonly called = new Set<string>();

  /** Pipes: a failing ParseIntPipe is a handler failure. */
  @OnMessage('PLAIN_TEXT')
  onText(@Payload(new ParseIntPipe()) n: number, @Message() message: TextMessage): void {
    this.called.add(message.messageId);
    seen.params.set(message.messageId, [n, message]);
    trail(message.messageId, 'handler');
  }

  /** Every param decorator at once, plus method-level guard and interceptor. */
  @OnMessage('PLAIN_IMAGE')
  @UseGuards(MethodGuard)
  @UseInterceptors(MethodInterceptor)
  onImage(@Message() message: ImageMessage, @Payload('width') width: number, @Payload() payload: ImagePayload, @Ctx() ctx: BlazeContext): string {
    this.called.add(message.messageId);
    seen.params.set(message.messageId, [message, width, payload, ctx]);
    trail(message.messageId, 'handler');
    return 'image handled';
  }

  /** No decorated parameter: the first parameter is the DTO. */
  @OnMessage('PLAIN_POST')
  onPost(message: PostMessage): void {
    this.called.add(message.messageId);
    seen.params.set(message.messageId, [message]);
    trail(message.messageId, 'handler');
  }

  /** Acks early, then stays open until the test releases it. */
  @OnMessage('PLAIN_CONTACT')
  async onContact(@Ctx() ctx: BlazeContext): Promise<void> {
    const state = { acked: false, finished: false, gate: deferred() };
    seen.earlyAck.set(ctx.messageId, state);
    await ctx.ack();
    state.acked = true;
    await state.gate.promise;
    state.finished = true;
  }

  @OnMessage('PLAIN_STICKER')
  @UseFilters(CatchAllFilter)
  onSticker(@Message() message: BlazeMessage): void {
    this.called.add(message.messageId);
    throw new Error(`sticker handler blew up on ${message.messageId}`);
  }

  @OnMessage('PLAIN_LOCATION')
  onLocation(@Message() message: BlazeMessage): void {
    this.called.add(message.messageId);
    throw new SwallowedError(`location handler blew up on ${message.messageId}`);
  }
}

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
