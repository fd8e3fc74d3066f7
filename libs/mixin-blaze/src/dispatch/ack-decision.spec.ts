import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { InvalidMessageInfo } from '../mixin-blaze.options.js';
import { sampleMessageView } from '../testing/message-fixtures.js';
import { BlazeDispatcher, type DispatcherConfig } from './blaze-dispatcher.js';
import type { BlazeContext } from './blaze-context.js';
import type { DeadLetter } from './dead-letter.js';
import { HandlerRegistry, type MessageHandler } from './handler-registry.js';
import { HandlerTimeoutError } from './handler-timeout.error.js';
import { SkipAck } from './skip-ack.js';

/**
 * The ack decision (see BlazeDispatcher), driven with plain objects: a handler is a function, the
 * ack sink records, and nothing from Nest or the network takes part.
 */
function engine(handlers: Record<string, Partial<MessageHandler>>, config: Partial<DispatcherConfig> = {}) {
  const enqueued: string[] = [];
  const awaited: string[] = [];
  const lines: string[] = [];
  const letters: DeadLetter[] = [];
  const invalid: InvalidMessageInfo[] = [];
  const pressure: boolean[] = [];
  const calls = new Map<string, number>();
  const registry = new HandlerRegistry();
  for (const [category, handler] of Object.entries(handlers)) {
    registry.add(category, {
      name: `Bot.${category}`,
      autoAck: true,
      ordered: true,
      concurrency: Infinity,
      retry: { attempts: 1, initialDelayMs: 1, maxDelayMs: 5, multiplier: 2 },
      timeoutMs: 0,
      deadLetter: 'ack',
      ...handler,
      invoke: (message, context) => {
        calls.set(context.messageId, (calls.get(context.messageId) ?? 0) + 1);
        return handler.invoke ? handler.invoke(message, context) : Promise.resolve();
      },
    });
  }
  const keep = (level: string) => (message: string) => void lines.push(`${level} ${message}`);
  const dispatcher = new BlazeDispatcher(
    registry,
    { enqueue: (id) => void enqueued.push(id), ack: async (id) => void awaited.push(id) },
    {
      concurrency: 8,
      highWaterMark: 100,
      lowWaterMark: 50,
      maxBufferedBytes: 64 * 1024 * 1024,
      dedupe: { capacity: 100, ttlMs: 60_000 },
      deadLetter: 'ack',
      logger: { log: keep('log'), warn: keep('warn'), error: keep('error'), debug: keep('debug') },
      onDeadLetter: (letter) => void letters.push(letter),
      onInvalidMessage: (info) => void invalid.push(info),
      onPressure: (paused) => void pressure.push(paused),
      ...config,
    },
  );
  const send = (category = 'PLAIN_TEXT', id: string = randomUUID(), payload?: unknown) => {
    dispatcher.dispatch(sampleMessageView(category, payload, { message_id: id }));
    return id;
  };
  // Until nothing is buffered: queued, running or retrying (drain alone returns between two
  // messages of one conversation, when none is running).
  const settled = async () => {
    for (const until = Date.now() + 2_000; dispatcher.stats.buffered > 0 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 1));
  };
  const calledFor = (id: string) => calls.get(id) ?? 0;
  return { dispatcher, send, settled, calledFor, enqueued, awaited, lines, letters, invalid, pressure };
}

const failing = (error: unknown = new Error('boom')) => ({ invoke: () => Promise.reject(error) });

describe('the ack decision', () => {
  it('a handler that resolves: acked once and remembered, so a redelivery is acked again, not handled again', async () => {
    const e = engine({ PLAIN_TEXT: {} });
    const id = e.send();
    await e.settled();
    e.send('PLAIN_TEXT', id);
    await e.settled();
    expect({ handled: e.calledFor(id), acks: e.enqueued }).toEqual({ handled: 1, acks: [id, id] });
  });

  it('autoAck off: no ack until ctx.ack(), which resolves once the sink took it and is remembered too', async () => {
    let context!: BlazeContext;
    const e = engine({ PLAIN_TEXT: { autoAck: false, invoke: async (_m, ctx) => void (context = ctx) } });
    const id = e.send();
    await e.settled();
    expect(e.enqueued).toEqual([]);
    await context.ack();
    e.send('PLAIN_TEXT', id);
    await e.settled();
    expect({ awaited: e.awaited, enqueued: e.enqueued, handled: e.calledFor(id) }).toEqual({ awaited: [id], enqueued: [id], handled: 1 });
  });

  it('SkipAck: no ack, nothing remembered, so a redelivery is handled again', async () => {
    const e = engine({ PLAIN_TEXT: { invoke: async () => new SkipAck('later') } });
    const id = e.send();
    await e.settled();
    e.send('PLAIN_TEXT', id);
    await e.settled();
    expect({ acks: e.enqueued, handled: e.calledFor(id) }).toEqual({ acks: [], handled: 2 });
  });

  it('a failure is retried with backoff and acked once an attempt succeeds', async () => {
    const seen: number[] = [];
    const e = engine({
      PLAIN_TEXT: {
        retry: { attempts: 3, initialDelayMs: 1, maxDelayMs: 5, multiplier: 2 },
        invoke: async (_m, ctx) => {
          seen.push(ctx.attempt);
          if (ctx.attempt < 3) throw new Error(`attempt ${ctx.attempt}`);
        },
      },
    });
    const id = e.send();
    await e.settled();
    expect({ seen, acks: e.enqueued, letters: e.letters.length }).toEqual({ seen: [1, 2, 3], acks: [id], letters: 0 });
  });

  it("attempts spent: a 'failed' dead letter, then acked ('ack') or left ('leave')", async () => {
    const retry = { attempts: 2, initialDelayMs: 1, maxDelayMs: 5, multiplier: 2 };
    const e = engine({ PLAIN_TEXT: { ...failing(), retry }, PLAIN_POST: { ...failing(), retry, deadLetter: 'leave' } });
    const acked = e.send('PLAIN_TEXT');
    const left = e.send('PLAIN_POST');
    await e.settled();
    expect(e.letters.map((l) => [l.kind, l.messageId, l.attempts, l.handler])).toEqual([
      ['failed', acked, 2, 'Bot.PLAIN_TEXT'],
      ['failed', left, 2, 'Bot.PLAIN_POST'],
    ]);
    expect(e.enqueued).toEqual([acked]);
  });

  it('a dead-letter hook that throws leaves the message un-acked, so it is not lost unrecorded', async () => {
    const e = engine({ PLAIN_TEXT: failing() }, { onDeadLetter: () => Promise.reject(new Error('store down')) });
    e.send();
    await e.settled();
    expect(e.enqueued).toEqual([]);
    expect(e.lines.some((l) => l.startsWith('error dead-letter hook onDeadLetter option failed'))).toBe(true);
  });

  it('a refusal (a Nest guard) is acked at once: no retry, no dead letter', async () => {
    const refusal = new Error('Forbidden resource');
    const e = engine({ PLAIN_TEXT: { ...failing(refusal), isRefusal: (err) => err === refusal, retry: { attempts: 5, initialDelayMs: 1, maxDelayMs: 1, multiplier: 1 } } });
    const id = e.send();
    await e.settled();
    expect({ handled: e.calledFor(id), acks: e.enqueued, letters: e.letters.length }).toEqual({ handled: 1, acks: [id], letters: 0 });
  });

  it("no handler for the category and no '*' handler: acked; with a '*' handler: handled there", async () => {
    const bare = engine({ PLAIN_TEXT: {} });
    const unknown = bare.send('PLAIN_CONTACT');
    await bare.settled();
    expect(bare.enqueued).toEqual([unknown]);
    const any = engine({ '*': {} });
    const caught = any.send('PLAIN_CONTACT');
    await any.settled();
    expect({ handled: any.calledFor(caught), acks: any.enqueued }).toEqual({ handled: 1, acks: [caught] });
  });

  it('a message_id that is not a UUID is never handled nor acked', async () => {
    const e = engine({ PLAIN_TEXT: {} });
    e.send('PLAIN_TEXT', 'not-a-uuid');
    await e.settled();
    expect({ handled: e.calledFor('not-a-uuid'), acks: e.enqueued }).toEqual({ handled: 0, acks: [] });
    expect(e.lines.some((l) => l.startsWith('warn dropped a message whose message_id is not a UUID'))).toBe(true);
  });

  it('a redelivery of a message still running is ignored', async () => {
    let release!: () => void;
    const e = engine({ PLAIN_TEXT: { invoke: () => new Promise<void>((resolve) => (release = resolve)) } });
    const id = e.send();
    e.send('PLAIN_TEXT', id);
    release();
    await e.settled();
    expect({ handled: e.calledFor(id), acks: e.enqueued }).toEqual({ handled: 1, acks: [id] });
  });

  it("an invalid payload: onInvalidMessage, an 'invalid' dead letter, then acked, without calling the handler", async () => {
    const e = engine({ PLAIN_CONTACT: {} });
    const id = e.send('PLAIN_CONTACT', randomUUID(), Buffer.from('not json'));
    await e.settled();
    expect({ hook: e.invalid.map((i) => i.messageId), letter: e.letters.map((l) => l.kind), acks: e.enqueued, handled: e.calledFor(id) }).toEqual({
      hook: [id],
      letter: ['invalid'],
      acks: [id],
      handled: 0,
    });
  });

  it('an unreadable push (over the frame limits) is dead-lettered and acked when its id was recovered', async () => {
    const e = engine({ PLAIN_TEXT: {} });
    const id = randomUUID();
    e.dispatcher.rejectUnreadable({ messageId: id, category: 'PLAIN_TEXT', reason: 'frame of 2 MiB exceeds maxFrameBytes', frameBytes: 2 << 20 });
    e.dispatcher.rejectUnreadable({ category: 'PLAIN_TEXT', reason: 'no id', frameBytes: 2 << 20 });
    await e.settled();
    expect({ letters: e.letters.map((l) => [l.kind, l.messageId]), acks: e.enqueued }).toEqual({ letters: [['invalid', id]], acks: [id] });
  });

  it('an attempt past its timeout fails with HandlerTimeoutError and its signal is aborted', async () => {
    let signal!: AbortSignal;
    const e = engine({ PLAIN_TEXT: { timeoutMs: 20, invoke: (_m, ctx) => ((signal = ctx.signal), new Promise(() => undefined)) } });
    e.send();
    await e.settled();
    expect(e.letters[0].error).toBeInstanceOf(HandlerTimeoutError);
    expect(signal.aborted).toBe(true);
    expect(e.enqueued).toHaveLength(1);
  });

  it('shutdown: nothing new is taken, a failure is left for redelivery, and drain gives up at its deadline', async () => {
    let signal!: AbortSignal;
    const e = engine({ PLAIN_TEXT: { invoke: (_m, ctx) => ((signal = ctx.signal), new Promise(() => undefined)) }, PLAIN_POST: failing() });
    e.send('PLAIN_TEXT');
    e.dispatcher.stopIntake();
    e.send('PLAIN_POST');
    expect(await e.dispatcher.drain(30)).toBe(false);
    expect({ signal: signal.aborted, acks: e.enqueued, letters: e.letters.length }).toEqual({ signal: true, acks: [], letters: 0 });
  });

  it('tells the transport to pause at the high-water mark and to read again once drained', async () => {
    const release: Array<() => void> = [];
    const e = engine({ PLAIN_TEXT: { ordered: false, invoke: () => new Promise<void>((resolve) => release.push(resolve)) } }, { highWaterMark: 3, lowWaterMark: 1 });
    for (let i = 0; i < 3; i++) e.send();
    expect({ pressure: e.pressure, buffered: e.dispatcher.stats.buffered }).toEqual({ pressure: [true], buffered: 3 });
    for (const done of release) done();
    await e.settled();
    expect({ pressure: e.pressure, buffered: e.dispatcher.stats.buffered, peak: e.dispatcher.stats.peakBuffered }).toEqual({ pressure: [true, false], buffered: 0, peak: 3 });
  });
});
