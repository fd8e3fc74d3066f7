import { Inject, Injectable, Scope, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { BLAZE_MESSAGE, BlazeContext, Ctx, OnMessage, Payload, type BlazeMessage, type TextMessage } from 'nestjs-mixin-blaze';
import { BlazeEmulator } from 'nestjs-mixin-blaze/testing';
import { startBot, type BotApp } from './support/bot-app.js';

/** What one handler instance saw: the message injected in its constructor and the one it handled. */
interface Sighting {
  instance: object;
  injected: unknown;
  handled?: BlazeMessage;
  collector: Collector;
}

/** A default-scoped (singleton) provider the scoped handlers share; counts its own construction too. */
@Injectable()
class Collector {
  static constructed = 0;
  readonly sightings: Sighting[] = [];
  constructor() {
    Collector.constructed++;
  }
  /** The sighting of `instance`, added at construction. */
  of(instance: object): Sighting {
    const found = this.sightings.find((s) => s.instance === instance);
    if (!found) throw new Error('handled by an instance whose constructor never ran');
    return found;
  }
  handledBy(messageId: string): Sighting[] {
    return this.sightings.filter((s) => s.handled?.messageId === messageId);
  }
}

@Injectable({ scope: Scope.REQUEST })
class PerMessageHandler {
  static constructed = 0;
  constructor(
    @Inject(BLAZE_MESSAGE) injected: BlazeMessage,
    private readonly collector: Collector,
  ) {
    PerMessageHandler.constructed++;
    collector.sightings.push({ instance: this, injected, collector });
  }

  @OnMessage('PLAIN_TEXT')
  onText(message: TextMessage): void {
    this.collector.of(this).handled = message;
  }
}

@Injectable({ scope: Scope.TRANSIENT })
class TransientHandler {
  static constructed = 0;
  constructor(private readonly collector: Collector) {
    TransientHandler.constructed++;
    collector.sightings.push({ instance: this, injected: undefined, collector });
  }

  @OnMessage('PLAIN_POST')
  onPost(message: BlazeMessage): void {
    this.collector.of(this).handled = message;
  }
}

/** Request-scoped, but not itself a handler: it makes the handler that injects it request-scoped too. */
@Injectable({ scope: Scope.REQUEST })
class MessageBound {
  static constructed = 0;
  constructor(@Inject(BLAZE_MESSAGE) readonly message: BlazeMessage) {
    MessageBound.constructed++;
  }
}

/** Declared default-scoped; its request-scoped dependency makes its dependency tree non-static. */
@Injectable()
class ImplicitlyScopedHandler {
  static constructed = 0;
  constructor(
    readonly bound: MessageBound,
    private readonly collector: Collector,
  ) {
    ImplicitlyScopedHandler.constructed++;
    collector.sightings.push({ instance: this, injected: bound.message, collector });
  }

  @OnMessage('PLAIN_TEXT')
  onText(message: TextMessage): void {
    this.collector.of(this).handled = message;
  }
}

@Injectable()
class OnlyEvenGuard implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    return Number(ctx.getArgByIndex<TextMessage>(0).payload) % 2 === 0;
  }
}

/** Request-scoped handler with enhancers and param decorators: the per-message context is built each time. */
@Injectable({ scope: Scope.REQUEST })
class ScopedWithEnhancers {
  constructor(
    @Inject(BLAZE_MESSAGE) private readonly injected: BlazeMessage,
    private readonly collector: Collector,
  ) {
    collector.sightings.push({ instance: this, injected, collector });
  }

  @OnMessage('PLAIN_TEXT')
  @UseGuards(OnlyEvenGuard)
  onText(@Payload() text: string, @Ctx() ctx: BlazeContext): void {
    const sighting = this.collector.of(this);
    sighting.handled = ctx.message;
    expect(text).toBe(ctx.message.payload);
    expect(this.injected).toBe(ctx.message);
  }
}

describe('request-scoped and transient handlers', () => {
  let emu: BlazeEmulator;
  let bot: BotApp | undefined;

  beforeAll(async () => {
    emu = await BlazeEmulator.start();
  });
  beforeEach(() => {
    Collector.constructed = 0;
    PerMessageHandler.constructed = 0;
    TransientHandler.constructed = 0;
    MessageBound.constructed = 0;
    ImplicitlyScopedHandler.constructed = 0;
  });
  afterEach(async () => {
    await bot?.close();
    bot = undefined;
  });
  afterAll(async () => {
    await emu.close();
  });

  /** Sends three texts in one conversation (handled one after another) and waits for their acks. */
  async function sendThree(category = 'PLAIN_TEXT'): Promise<string[]> {
    const conversationId = crypto.randomUUID();
    const ids = ['1', '2', '3'].map((text) => emu.userSends({ category, payload: text, conversationId }).message_id);
    await emu.waitForAcks(ids, 5_000);
    return ids;
  }

  it('Scope.REQUEST: a fresh instance per message, constructed with that message as BLAZE_MESSAGE', async () => {
    bot = await startBot(emu, [Collector, PerMessageHandler]);
    const collector = bot.app.get(Collector);
    const before = PerMessageHandler.constructed; // Nest may build a prototype-less placeholder at startup
    const ids = await sendThree();

    expect(PerMessageHandler.constructed - before).toBe(3);
    const instances = new Set<object>();
    for (const id of ids) {
      const [sighting, ...others] = collector.handledBy(id);
      expect(others).toEqual([]);
      expect(sighting.instance).toBeInstanceOf(PerMessageHandler);
      expect(sighting.handled!.messageId).toBe(id);
      expect(sighting.injected).toBe(sighting.handled); // the very DTO the handler received
      expect(sighting.collector).toBe(collector); // the singleton, not a copy
      instances.add(sighting.instance);
    }
    expect(instances.size).toBe(3);
    expect(Collector.constructed).toBe(1);
  });

  it('Scope.TRANSIENT: a fresh instance per message too', async () => {
    bot = await startBot(emu, [Collector, TransientHandler]);
    const collector = bot.app.get(Collector);
    const before = TransientHandler.constructed;
    const ids = await sendThree('PLAIN_POST');

    expect(TransientHandler.constructed - before).toBe(3);
    const instances = new Set<object>();
    for (const id of ids) {
      const [sighting, ...others] = collector.handledBy(id);
      expect(others).toEqual([]);
      expect(sighting.instance).toBeInstanceOf(TransientHandler);
      expect(sighting.collector).toBe(collector);
      instances.add(sighting.instance);
    }
    expect(instances.size).toBe(3);
    expect(Collector.constructed).toBe(1);
  });

  it('a request-scoped dependency makes a default-scoped handler per message, and it sees the message', async () => {
    bot = await startBot(emu, [Collector, MessageBound, ImplicitlyScopedHandler]);
    const collector = bot.app.get(Collector);
    const handlersBefore = ImplicitlyScopedHandler.constructed;
    const boundBefore = MessageBound.constructed;
    const ids = await sendThree();

    expect(ImplicitlyScopedHandler.constructed - handlersBefore).toBe(3);
    expect(MessageBound.constructed - boundBefore).toBe(3);
    const bounds = new Set<MessageBound>();
    for (const id of ids) {
      const [sighting, ...others] = collector.handledBy(id);
      expect(others).toEqual([]);
      expect(sighting.injected).toBe(sighting.handled);
      bounds.add((sighting.instance as ImplicitlyScopedHandler).bound);
    }
    expect(bounds.size).toBe(3);
    expect(Collector.constructed).toBe(1);
  });

  it('a request-scoped handler still gets its guards and param decorators, per message', async () => {
    bot = await startBot(emu, [Collector, ScopedWithEnhancers]);
    const collector = bot.app.get(Collector);
    const conversationId = crypto.randomUUID();
    const even = emu.userSendsText('2', { conversationId });
    const odd = emu.userSendsText('3', { conversationId });
    await emu.waitForAcks([even.message_id, odd.message_id], 5_000);

    expect(collector.handledBy(even.message_id)).toHaveLength(1);
    expect(collector.handledBy(odd.message_id)).toEqual([]);
    expect(bot.logs.find('warn', 'refused', odd.message_id)).toHaveLength(1);
    expect(bot.logs.find('error', even.message_id)).toEqual([]);
  });

  it('a request-scoped handler provided under a token ({ provide, useClass, scope }) works too', async () => {
    @Injectable()
    class TokenProvided {
      constructor(
        @Inject(BLAZE_MESSAGE) injected: BlazeMessage,
        private readonly collector: Collector,
      ) {
        collector.sightings.push({ instance: this, injected, collector });
      }

      @OnMessage('PLAIN_TEXT')
      onText(message: TextMessage): void {
        this.collector.of(this).handled = message;
      }
    }
    bot = await startBot(emu, [Collector, { provide: 'TEXT_HANDLER', useClass: TokenProvided, scope: Scope.REQUEST } as never], {
      retry: { attempts: 1 },
      deadLetter: 'leave',
    });
    const collector = bot.app.get(Collector);
    const ids = await sendThree();
    const instances = new Set(ids.map((id) => collector.handledBy(id)[0]?.instance));
    expect(instances.size).toBe(3);
    for (const id of ids) {
      const [sighting] = collector.handledBy(id);
      expect(sighting.instance).toBeInstanceOf(TokenProvided);
      expect(sighting.injected).toBe(sighting.handled);
    }
  });
});
