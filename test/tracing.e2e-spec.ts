import { Injectable } from '@nestjs/common';
import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context } from '@opentelemetry/api';
import { AsyncLocalStorage } from 'node:async_hooks';
import { OnMessage, type ImageMessage, type TextMessage } from 'nestjs-mixin-blaze';
import { BlazeEmulator, samplePayload } from 'nestjs-mixin-blaze/testing';
import { startBot, waitUntil } from './support/bot-app.js';
import { activeRecord, RecordingTracerProvider } from './support/recording-tracer.js';

/** 'flaky' fails its first attempt, 'fail' every attempt; each attempt notes which span was active. */
@Injectable()
class Traced {
  readonly activeSpans: Array<string | undefined> = [];
  private readonly attempts = new Map<string, number>();

  @OnMessage('PLAIN_TEXT', { retry: { attempts: 2, initialDelayMs: 5, maxDelayMs: 5 } })
  async onText(message: TextMessage): Promise<void> {
    await Promise.resolve(); // the span stays active across awaits
    this.activeSpans.push(activeRecord()?.attributes['messaging.message.id'] as string | undefined);
    const n = (this.attempts.get(message.messageId) ?? 0) + 1;
    this.attempts.set(message.messageId, n);
    if (message.payload === 'fail' || (message.payload === 'flaky' && n === 1)) throw new Error(`${message.payload} on attempt ${n}`);
  }

  @OnMessage('PLAIN_IMAGE')
  onImage(message: ImageMessage): void {
    this.activeSpans.push(message.messageId);
  }
}

// A context manager, as an SDK would register one (the API alone has none: context.with is then a no-op).
const contextManager = {
  storage: new AsyncLocalStorage<Context>(),
  active(): Context {
    return this.storage.getStore() ?? ROOT_CONTEXT;
  },
  with(ctx: Context, fn: (...args: unknown[]) => unknown, thisArg?: unknown, ...args: unknown[]) {
    return this.storage.run(ctx, () => fn.call(thisArg, ...args));
  },
  bind: <T>(_ctx: unknown, target: T) => target,
  enable() {
    return this;
  },
  disable() {
    return this;
  },
};

describe('OpenTelemetry spans (tracing option)', () => {
  const provider = new RecordingTracerProvider();
  let emu: BlazeEmulator;

  beforeAll(async () => {
    expect(trace.setGlobalTracerProvider(provider)).toBe(true);
    expect(context.setGlobalContextManager(contextManager as never)).toBe(true);
    emu = await BlazeEmulator.start();
  });
  afterAll(async () => {
    trace.disable();
    context.disable();
    await emu?.close();
  });
  beforeEach(() => void (provider.spans.length = 0));

  it('one span per handled message, active in the handler, across its attempts; a dead letter is an error', async () => {
    const bot = await startBot(emu, [Traced], { tracing: true });
    try {
      const ids = ['a', 'b', 'flaky', 'fail'].map((text) => emu.userSendsText(text).message_id);
      const [a, b, flaky, failed] = ids;
      await emu.waitForAcks(ids, 5_000);
      await waitUntil(() => provider.spans.filter((s) => s.ended).length === 4, 5_000, 'four ended spans');

      expect(provider.spans).toHaveLength(4);
      const byId = new Map(provider.spans.map((s) => [s.attributes['messaging.message.id'], s]));
      expect([...byId.keys()].sort()).toEqual([...ids].sort());
      for (const span of provider.spans) {
        expect(span.name).toBe('process PLAIN_TEXT');
        expect(span.kind).toBe(SpanKind.CONSUMER);
        expect(span.attributes).toMatchObject({ 'messaging.system': 'mixin', 'messaging.operation.type': 'process', 'mixin.category': 'PLAIN_TEXT', 'mixin.handler': 'Traced.onText' });
        expect(typeof span.attributes['messaging.message.conversation_id']).toBe('string');
      }
      for (const id of [a, b]) expect([byId.get(id)!.attributes['mixin.outcome'], byId.get(id)!.status, byId.get(id)!.exceptions]).toEqual(['ok', undefined, []]);
      expect(byId.get(flaky)!.attributes['mixin.outcome']).toBe('ok');
      expect(byId.get(flaky)!.exceptions).toHaveLength(1);
      expect(byId.get(failed)!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'dead-lettered: every attempt failed' });
      expect(byId.get(failed)!.exceptions.map((e) => (e as Error).message)).toEqual(['fail on attempt 1', 'fail on attempt 2']);
      // Each attempt ran with its message's span active: 6 attempts (a, b, flaky ×2, fail ×2).
      const active = bot.app.get(Traced).activeSpans;
      expect(active).toHaveLength(6);
      expect(active.sort()).toEqual([a, b, flaky, flaky, failed, failed].sort());
    } finally {
      await bot.close();
    }
  });

  it('an invalid message gets its span too, ended as a dead letter, and its handler never runs', async () => {
    const bot = await startBot(emu, [Traced], { tracing: true });
    try {
      const view = emu.userSends({ category: 'PLAIN_IMAGE', payload: { ...(samplePayload('PLAIN_IMAGE') as object), width: 'wide' } });
      await emu.waitForAck(view.message_id, 5_000);
      await waitUntil(() => provider.spans.some((s) => s.ended), 5_000, 'an ended span');
      expect(provider.spans).toHaveLength(1);
      const [span] = provider.spans;
      expect(span.name).toBe('process PLAIN_IMAGE');
      expect(span.attributes).toMatchObject({ 'messaging.message.id': view.message_id, 'mixin.handler': 'Traced.onImage', 'mixin.outcome': 'invalid' });
      expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'dead-lettered: invalid message' });
      expect(bot.app.get(Traced).activeSpans).toEqual([]);
    } finally {
      await bot.close();
    }
  });

  it('without the option, no span is made', async () => {
    const bot = await startBot(emu, [Traced]);
    try {
      await emu.waitForAck(emu.userSendsText('untraced').message_id, 5_000);
      expect(provider.spans).toEqual([]);
      expect(bot.app.get(Traced).activeSpans).toEqual([undefined]);
    } finally {
      await bot.close();
    }
  });
});
