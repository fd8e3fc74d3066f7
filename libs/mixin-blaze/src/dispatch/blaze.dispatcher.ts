import { Logger } from '@nestjs/common';
import type { BlazeMessage } from '../messages/blaze-message.dto.js';
import { MessageDecodeError } from '../messages/message-decode.error.js';
import { decodeMessageView, type DecodeOptions } from '../messages/message-decoder.js';
import type { InvalidMessageInfo, ResolvedBlazeOptions } from '../mixin-blaze.options.js';
import { backoffDelay } from '../transport/backoff.js';
import { BackPressure } from './back-pressure.js';
import type { BlazeContext } from './blaze-context.js';
import { ConversationScheduler } from './conversation-scheduler.js';
import { envelopeForLog, type DeadLetter } from './dead-letter.js';
import { describeError, runAttempt } from './handler-attempt.js';
import type { HandlerRegistry, MessageHandler } from './handler-registry.js';
import { RecentIds } from './recent-ids.js';
import { DeadlineQueue } from '../util/deadline-queue.js';
import { SkipAck } from './skip-ack.js';

/** Where acknowledgements go (the ack batcher). */
export interface AckSink {
  /** Resolves once the server accepted it: for `ctx.ack()`, whose caller may wait. */
  ack(messageId: string): Promise<void>;
  /** Queues it, with nobody waiting: auto-acks, of which there is one per message. */
  enqueue(messageId: string): void;
}

export type DispatcherConfig = Pick<
  ResolvedBlazeOptions,
  'concurrency' | 'highWaterMark' | 'lowWaterMark' | 'dedupe' | 'onInvalidMessage' | 'onDeadLetter'
> & {
  /** Opens ENCRYPTED_* payloads with the bot's session key. */
  decrypt?: (bytes: Buffer) => Buffer;
  /** Called with true when the socket should stop being read, false when it may read again. */
  onPressure?: (paused: boolean) => void;
};

/** Counters for operators and tests. */
export interface DispatcherStats {
  /** Received-but-unfinished messages now (queued, running or retrying). */
  buffered: number;
  /** The most there ever were at once. */
  peakBuffered: number;
  /** Handlers running now. */
  running: number;
  /** Whether the socket is paused for back-pressure. */
  paused: boolean;
}

/**
 * Takes each incoming message to its handler and makes the ack decision, in one place:
 * - resolved (auto-ack on) → ack; returned `SkipAck` → no ack;
 * - threw → retried with backoff; when attempts are spent → dead-letter hooks, then ack (or leave);
 * - refused by a guard → ack, logged as refused;
 * - failed decoding or validation → logged, `onInvalidMessage`, ack (poison must not loop);
 * - no handler for the category and no `'*'` handler → ack, logged at debug;
 * - a redelivery of a message being handled → ignored; of one handled recently → acked again.
 * Messages of one conversation run one at a time in order (unless the handler opts out).
 */
export class BlazeDispatcher {
  private readonly logger = new Logger('MixinBlaze');
  private readonly scheduler: ConversationScheduler;
  private readonly pressure: BackPressure;
  private readonly recent: RecentIds;
  /** Received and not finished, by message id. */
  private readonly active = new Set<string>();
  /** Messages the scheduler started and that have not finished; `drain` waits for 0. */
  private working = 0;
  private idleWaiters: Array<() => void> = [];
  private readonly attempts = new Set<BlazeContext>();
  private readonly deadlines = new DeadlineQueue();
  private readonly acknowledge: (messageId: string) => Promise<void>;
  private readonly decodeOptions: DecodeOptions;
  private readonly wakeUps = new Set<() => void>();
  private accepting = true;

  constructor(
    private readonly registry: HandlerRegistry,
    private readonly acks: AckSink,
    private readonly config: DispatcherConfig,
  ) {
    this.acknowledge = (id) => acks.ack(id);
    this.scheduler = new ConversationScheduler(config.concurrency);
    this.pressure = new BackPressure(config.highWaterMark, config.lowWaterMark, (p) => config.onPressure?.(p));
    this.recent = new RecentIds(config.dedupe.capacity, config.dedupe.ttlMs);
    this.decodeOptions = { decrypt: config.decrypt };
  }

  /** Entry point for every `CREATE_MESSAGE` push. Never throws. */
  dispatch(view: unknown): void {
    if (!this.accepting) return; // Shutting down: not acked, so the server keeps it for the next start.
    const raw = view as Record<string, unknown>;
    const messageId = raw.message_id;
    if (typeof messageId !== 'string' || messageId.length === 0) {
      this.logger.warn(`dropped a message without message_id (category ${typeof raw.category === 'string' ? raw.category : typeof raw.category}); it cannot be acknowledged`);
      return;
    }
    if (this.active.has(messageId)) {
      this.logger.debug(`message ${messageId} is already being handled; ignoring the redelivery`);
      return;
    }
    if (this.recent.has(messageId)) {
      this.logger.debug(`message ${messageId} was handled already; acknowledging the redelivery again`);
      this.acks.enqueue(messageId);
      return;
    }
    const category = typeof raw.category === 'string' ? raw.category : '';
    const handler = this.registry.find(category);
    if (!handler) {
      this.logger.debug(`no handler for ${category || 'a message without category'} (message ${messageId}); acknowledging it`);
      this.acks.enqueue(messageId);
      return;
    }
    this.active.add(messageId);
    this.pressure.increment();
    handler.lane ??= this.scheduler.lane(handler.concurrency);
    const conversationId = raw.conversation_id;
    const key = handler.ordered && typeof conversationId === 'string' ? conversationId : messageId;
    this.scheduler.submit(key, handler.lane, () => this.process(raw, messageId, category, handler));
  }

  /** Stops taking new messages (shutdown); what arrives or is still queued stays un-acked. */
  stopIntake(): void {
    this.accepting = false;
    for (const wake of this.wakeUps) wake();
  }

  /** Waits for running handlers; resolves false if `timeoutMs` passed first (their attempts are aborted). */
  async drain(timeoutMs: number): Promise<boolean> {
    if (this.working === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const idle = new Promise<true>((resolve) => this.idleWaiters.push(() => resolve(true)));
    const done = await Promise.race([idle, expired]);
    clearTimeout(timer);
    if (!done) {
      this.logger.error(`${this.scheduler.activeCount} handlers were still running after ${timeoutMs} ms; their messages stay un-acknowledged and will be redelivered`);
      for (const attempt of this.attempts) attempt.abort(new Error('application shutdown'));
    }
    return done;
  }

  get stats(): DispatcherStats {
    return { buffered: this.pressure.current, peakBuffered: this.pressure.peak, running: this.scheduler.activeCount, paused: this.pressure.paused };
  }

  private async process(raw: Record<string, unknown>, messageId: string, category: string, handler: MessageHandler): Promise<void> {
    this.working++;
    try {
      if (!this.accepting) return; // queued when shutdown began: leave it for redelivery
      const message = this.decode(raw, handler);
      if (message instanceof MessageDecodeError) await this.rejectInvalid(raw, messageId, category, message);
      else await this.handle(message, raw, messageId, category, handler);
    } catch (err) {
      this.logger.error(`message ${messageId} (${category}) could not be dispatched; not acknowledged: ${describeError(err)}`);
    } finally {
      this.active.delete(messageId);
      this.pressure.decrement();
      if (--this.working === 0) this.wakeIdle();
    }
  }

  private wakeIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }

  private decode(raw: Record<string, unknown>, handler: MessageHandler): BlazeMessage | MessageDecodeError {
    try {
      return decodeMessageView(raw, handler.dto ? { ...this.decodeOptions, payloadClass: handler.dto } : this.decodeOptions);
    } catch (err) {
      if (err instanceof MessageDecodeError) return err;
      throw err;
    }
  }

  private async handle(message: BlazeMessage, raw: Record<string, unknown>, messageId: string, category: string, handler: MessageHandler): Promise<void> {
    const { attempts } = handler.retry;
    for (let attempt = 1; ; attempt++) {
      const outcome = await runAttempt(handler, message, raw, attempt, this.acknowledge, this.attempts, this.deadlines);
      if (outcome.kind === 'resolved') {
        if (outcome.value instanceof SkipAck) {
          this.logger.debug(`${handler.name} skipped the ack of ${messageId}${outcome.value.reason ? `: ${outcome.value.reason}` : ''}`);
        } else if (handler.autoAck) {
          this.ackHandled(messageId);
        }
        return;
      }
      if (outcome.kind === 'refused') {
        this.logger.warn(`a guard refused message ${messageId} (${category}) for ${handler.name}; acknowledging it without handling`);
        this.ackHandled(messageId);
        return;
      }
      if (attempt >= attempts || !this.accepting) {
        if (!this.accepting) {
          this.logger.warn(`${handler.name} failed on message ${messageId} during shutdown; left for redelivery: ${describeError(outcome.error)}`);
          return;
        }
        return this.deadLetter({ message, raw, error: outcome.error, attempts: attempt, handler: handler.name }, handler);
      }
      const delay = backoffDelay(handler.retry, attempt - 1);
      this.logger.warn(`${handler.name} failed on message ${messageId} (${category}), attempt ${attempt}/${attempts}; retrying in ${delay} ms: ${describeError(outcome.error)}`);
      await this.sleep(delay);
    }
  }

  private async deadLetter(letter: DeadLetter, handler: MessageHandler): Promise<void> {
    const { messageId } = letter.message;
    const error = letter.error;
    this.logger.error(
      `${handler.name} failed on message ${messageId} after ${letter.attempts} attempts: ${describeError(error)}; dead letter ${envelopeForLog(letter.raw)}`,
      error instanceof Error ? error.stack : undefined,
    );
    let delivered = true;
    const hooks = [...this.registry.deadLetterHooks];
    if (this.config.onDeadLetter) hooks.push({ name: 'onDeadLetter option', call: async (l) => this.config.onDeadLetter!(l) });
    for (const hook of hooks) {
      try {
        await hook.call(letter);
      } catch (hookError) {
        delivered = false;
        this.logger.error(`dead-letter hook ${hook.name} failed for message ${messageId}: ${describeError(hookError)}`);
      }
    }
    if (handler.deadLetter === 'ack' && delivered) {
      this.ackHandled(messageId);
    } else {
      this.logger.warn(`dead letter ${messageId} left un-acknowledged; Blaze redelivers it after the next reconnect`);
    }
  }

  private async rejectInvalid(raw: unknown, messageId: string, category: string, error: MessageDecodeError): Promise<void> {
    this.logger.warn(
      `invalid message ${messageId} (${category || 'no category'}) failed at ${error.stage}: ${error.constraints.join('; ') || error.message}; acknowledging it so it cannot loop`,
    );
    if (this.config.onInvalidMessage) {
      const info: InvalidMessageInfo = { messageId, category, error, raw };
      try {
        await this.config.onInvalidMessage(info);
      } catch (hookError) {
        this.logger.error(`onInvalidMessage hook failed for message ${messageId}: ${describeError(hookError)}`);
      }
    }
    this.ackHandled(messageId);
  }

  /** Acks a finished message and remembers it, so a redelivery is acked again instead of handled. */
  private ackHandled(messageId: string): void {
    this.recent.add(messageId);
    this.acks.enqueue(messageId);
  }

  // Retry waits end early at shutdown, so a backoff never holds up app.close().
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakeUps.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakeUps.add(wake);
    });
  }
}
