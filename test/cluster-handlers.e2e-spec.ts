/**
 * Cluster mode keeps everything a handler has without it: validated DTOs and the invalid-message
 * hook, guards and interceptors, retries, dead letters, SkipAck and request scope. Two replicas of
 * one bot in one process against a real redis-server and the emulator: the leader is started with
 * `work: false`, so every message reaches the handlers only through the Redis work queue.
 */
import {
  Inject,
  Injectable,
  Scope,
  UseGuards,
  UseInterceptors,
  type CallHandler,
  type CanActivate,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import {
  BLAZE_MESSAGE,
  BlazeContext,
  Ctx,
  Message,
  OnDeadLetter,
  OnMessage,
  SkipAck,
  type BlazeMessage,
  type ContactMessage,
  type DeadLetter,
  type ImageMessage,
  type InvalidMessageInfo,
  type TextMessage,
} from 'nestjs-mixin-blaze';
import { BlazeEmulator, samplePayload } from 'nestjs-mixin-blaze/testing';
import type { Observable } from 'rxjs';
import { startBot, waitUntil, type BotApp } from './support/bot-app.js';
import { RedisServer } from './support/redis-server.js';

/** What happened, per message id, in whichever replica ran it. */
const seen = {
  attempts: new Map<string, string[]>(),
  handledBy: new Map<string, string[]>(),
  trail: new Map<string, string[]>(),
  letters: [] as DeadLetter[],
  invalid: [] as InvalidMessageInfo[],
  contacts: new Map<string, string>(),
  scoped: new Map<string, string>(),
};
const note = (map: Map<string, string[]>, id: string, value: string) => map.set(id, [...(map.get(id) ?? []), value]);

@Injectable()
class NoBlockedText implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const message = context.switchToRpc().getData<BlazeMessage>();
    note(seen.trail, message.messageId, 'guard');
    return message.payload !== 'blocked';
  }
}

@Injectable()
class Around implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    note(seen.trail, context.switchToRpc().getData<BlazeMessage>().messageId, 'interceptor');
    return next.handle();
  }
}

/** Request-scoped: built per message, with that message injected. */
@Injectable({ scope: Scope.REQUEST })
class MessageBound {
  constructor(@Inject(BLAZE_MESSAGE) readonly message: BlazeMessage) {}
}

function handlersFor(replica: string) {
  @Injectable()
  @UseGuards(NoBlockedText)
  @UseInterceptors(Around)
  class TextHandler {
    /** 'fail N' fails the first N attempts, 'always' always fails, 'skip' returns SkipAck. */
    @OnMessage('PLAIN_TEXT')
    onText(@Message() message: TextMessage, @Ctx() ctx: BlazeContext): SkipAck | void {
      note(seen.attempts, message.messageId, String(ctx.attempt));
      const [word, n] = message.payload.split(' ');
      if (word === 'fail' && ctx.attempt <= Number(n)) throw new Error(`planned failure ${ctx.attempt}`);
      if (word === 'always') throw new Error('always fails');
      note(seen.handledBy, message.messageId, replica);
      if (word === 'skip') return new SkipAck('not now');
    }

    @OnMessage('PLAIN_CONTACT')
    onContact(message: ContactMessage): void {
      note(seen.handledBy, message.messageId, replica);
      seen.contacts.set(message.messageId, message.payload.userId);
    }

    @OnMessage('PLAIN_IMAGE')
    onImage(message: ImageMessage): void {
      note(seen.handledBy, message.messageId, replica);
    }

    @OnDeadLetter()
    onDeadLetter(letter: DeadLetter): void {
      seen.letters.push(letter);
    }
  }

  @Injectable({ scope: Scope.REQUEST })
  class PostHandler {
    constructor(private readonly bound: MessageBound) {}

    @OnMessage('PLAIN_POST')
    onPost(message: BlazeMessage): void {
      note(seen.handledBy, message.messageId, replica);
      seen.scoped.set(message.messageId, this.bound.message.messageId);
    }
  }
  return [TextHandler, PostHandler, NoBlockedText, Around, MessageBound];
}

describe('cluster mode: handlers keep DTOs, enhancers, retries, dead letters, SkipAck and request scope', () => {
  let redis: RedisServer;
  let emu: BlazeEmulator;
  let lead: BotApp;
  let worker: BotApp;
  const keyPrefix = `handlers${Date.now()}`;
  const conv = () => ({ conversationId: crypto.randomUUID() });

  beforeAll(async () => {
    redis = await RedisServer.start();
    emu = await BlazeEmulator.start();
    const cluster = { redis: redis.url, leaseMs: 1000, keyPrefix, partitions: 4 };
    const common = { retry: { attempts: 3, initialDelayMs: 10, maxDelayMs: 50 }, onInvalidMessage: (info: InvalidMessageInfo) => void seen.invalid.push(info) };
    lead = await startBot(emu, handlersFor('lead'), { ...common, cluster: { ...cluster, replicaId: 'lead', work: false } });
    await waitUntil(() => lead.blaze.state === 'open', 10_000, 'the non-working replica to lead');
    // ioredis options instead of a URL: the other form `cluster.redis` takes.
    worker = await startBot(emu, handlersFor('worker'), { ...common, cluster: { ...cluster, redis: { host: '127.0.0.1', port: redis.port }, replicaId: 'worker' } });
    await waitUntil(() => worker.blaze.stats().cluster!.partitions.length === 4, 10_000, 'the worker to own every partition');
  });
  afterAll(async () => {
    await worker?.close();
    await lead?.close();
    await emu?.close();
    await redis?.stop();
  });

  it('runs handlers only on working replicas: a `work: false` leader reads Blaze and handles nothing', async () => {
    expect(lead.blaze.stats().cluster).toMatchObject({ role: 'leader', partitions: [] });
    expect(worker.blaze.state).toBe('standby');
    const ids = emu.userSendsMany(20, (i) => ({ category: 'PLAIN_TEXT', payload: `plain ${i}`, ...conv() }));
    await emu.waitForAcks(ids, 10_000);
    expect(ids.map((id) => seen.handledBy.get(id))).toEqual(ids.map(() => ['worker']));
  });

  it('validates payload DTOs; an invalid payload goes to the invalid-message hook and is acked, unhandled', async () => {
    const userId = crypto.randomUUID();
    const contact = emu.userSends({ category: 'PLAIN_CONTACT', payload: { user_id: userId }, ...conv() });
    const bad = emu.userSends({ category: 'PLAIN_IMAGE', payload: { ...(samplePayload('PLAIN_IMAGE') as object), width: 'wide' }, ...conv() });
    await emu.waitForAcks([contact.message_id, bad.message_id], 10_000);
    expect(seen.contacts.get(contact.message_id)).toBe(userId);
    expect(seen.handledBy.get(bad.message_id)).toBeUndefined();
    expect(seen.invalid.find((i) => i.messageId === bad.message_id)).toMatchObject({ category: 'PLAIN_IMAGE' });
  });

  it('runs guards and interceptors; a refusing guard keeps the handler out and the message is acked', async () => {
    const ok = emu.userSends({ category: 'PLAIN_TEXT', payload: 'plain', ...conv() });
    const blocked = emu.userSends({ category: 'PLAIN_TEXT', payload: 'blocked', ...conv() });
    await emu.waitForAcks([ok.message_id, blocked.message_id], 10_000);
    expect(seen.trail.get(ok.message_id)).toEqual(['guard', 'interceptor']);
    expect(seen.trail.get(blocked.message_id)).toEqual(['guard']);
    expect(seen.handledBy.get(blocked.message_id)).toBeUndefined();
  });

  it('retries a failing handler, and dead-letters one that always fails before acking it', async () => {
    const flaky = emu.userSends({ category: 'PLAIN_TEXT', payload: 'fail 2', ...conv() });
    const doomed = emu.userSends({ category: 'PLAIN_TEXT', payload: 'always', ...conv() });
    await emu.waitForAcks([flaky.message_id, doomed.message_id], 10_000);
    expect(seen.attempts.get(flaky.message_id)).toEqual(['1', '2', '3']);
    expect(seen.handledBy.get(flaky.message_id)).toEqual(['worker']);
    expect(seen.attempts.get(doomed.message_id)).toEqual(['1', '2', '3']);
    expect(seen.letters.find((l) => l.messageId === doomed.message_id)).toMatchObject({ kind: 'failed', attempts: 3 });
  });

  it('SkipAck: not acked, taken off the queue, and its state cleared so that a redelivery is queued again', async () => {
    const skipped = emu.userSends({ category: 'PLAIN_TEXT', payload: 'skip', ...conv() });
    await waitUntil(() => seen.handledBy.get(skipped.message_id)?.length === 1, 10_000, 'the skip handler to run');
    await waitUntil(() => worker.blaze.stats().cluster!.held === 0, 10_000, 'the entry to leave the queue');
    expect(emu.acks.some((a) => a.messageId === skipped.message_id)).toBe(false);
    const { Redis } = await import('ioredis');
    const client = new Redis(redis.url);
    try {
      expect(await client.keys(`${keyPrefix}:*:m:${skipped.message_id}`)).toEqual([]);
    } finally {
      client.disconnect();
    }
    // Blaze pushes the un-acked message again after a reconnect: it is queued and handled again.
    emu.faults.dropConnections();
    await waitUntil(() => seen.handledBy.get(skipped.message_id)?.length === 2, 10_000, 'the redelivery to be handled');
  });

  it('builds request-scoped handlers per message, with that message injected', async () => {
    const ids = emu.userSendsMany(5, () => ({ category: 'PLAIN_POST', payload: '# post', ...conv() }));
    await emu.waitForAcks(ids, 10_000);
    for (const id of ids) expect(seen.scoped.get(id)).toBe(id);
    expect(ids.map((id) => seen.handledBy.get(id))).toEqual(ids.map(() => ['worker']));
  });
});
