import type { ResolvedBlazeOptions } from '../mixin-blaze.options.js';
import type { UnreadableMessage } from '../transport/unreadable-message.js';
import type { BlazeObserver } from '../util/blaze-observer.js';
import type { EngineLogger } from '../util/engine-logger.js';
import { describeThrown, logSafe } from '../util/log-safe.js';
import { isUuid } from '../util/uuid.js';
import { sharedAbortController, WakeUp, woken } from '../util/wake-up.js';
import { AckDecision, type AckSink } from './ack-decision.js';
import { BackPressure, messageWeight } from './back-pressure.js';
import { ConversationScheduler } from './conversation-scheduler.js';
import { DeadLetterDesk, type DeadLetterHook } from './dead-letter-desk.js';
import type { HandlerRegistry } from './handler-registry.js';
import { HandlerRunner } from './handler-runner.js';
import { unreadableEnvelope } from './invalid-message.js';
import { messageFields } from './log-fields.js';
import { RecentIds } from './recent-ids.js';
import { UnreadableMessageError } from './unreadable-message.error.js';

export type DispatcherConfig = Pick<
  ResolvedBlazeOptions,
  'concurrency' | 'highWaterMark' | 'lowWaterMark' | 'maxBufferedBytes' | 'dedupe' | 'onInvalidMessage' | 'onDeadLetter' | 'deadLetter'
> & {
  logger: EngineLogger;
  /** Opens ENCRYPTED_* payloads with the bot's session key. */
  decrypt?: (bytes: Buffer) => Buffer;
  /** Called with true when the socket should stop being read, false when it may read again. */
  onPressure?: (paused: boolean) => void;
  /** Asked before a queued message starts; false leaves it un-acked (cluster: its partition moved). */
  admit?: (messageId: string) => boolean;
  /** Told when the dispatcher is done with a message, and whether its work ran. */
  onFinished?: (messageId: string, ran: boolean) => void;
  /** Metrics and traces, when configured (README, "Health and metrics"). */
  observer?: BlazeObserver;
};

/** Counters for operators and tests. */
export interface DispatcherStats {
  /** Received-but-unfinished messages now (queued, running or retrying). */
  buffered: number;
  /** What they weigh (base64 payload characters plus 1 KiB each). */
  bufferedBytes: number;
  /** The most there ever were at once. */
  peakBuffered: number;
  /** The most bytes buffered at once. */
  peakBufferedBytes: number;
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
 * - failed decoding or validation, or unreadable (over the frame limits) → logged at error level,
 *   `onInvalidMessage`, dead-letter hooks, then ack (or leave), so that poison cannot loop;
 * - no handler for the category and no `'*'` handler → ack, logged at debug;
 * - a message_id that is not a UUID → logged, never acked (the server would refuse the ack);
 * - a redelivery of a message being handled → ignored; of one handled recently → acked again;
 * - a manual ack (`ctx.ack()`, `blaze.ack()`) is remembered like an automatic one.
 * Messages of one conversation run one at a time in order (unless the handler opts out).
 */
export class BlazeDispatcher {
  private readonly scheduler: ConversationScheduler;
  private readonly pressure: BackPressure;
  private readonly recent: RecentIds;
  private readonly decision: AckDecision;
  private readonly logger: EngineLogger;
  /** Received and not finished, by message id. */
  private readonly active = new Set<string>();
  /** Messages started and not finished; `drain` waits for 0. */
  private working = 0;
  private readonly idle = new WakeUp();
  private readonly runner: HandlerRunner;
  /** Aborted at shutdown: ends retry waits, so a backoff never holds up app.close(). */
  private readonly shutdown = sharedAbortController();

  constructor(
    private readonly registry: HandlerRegistry,
    acks: AckSink,
    private readonly config: DispatcherConfig,
  ) {
    this.logger = config.logger;
    this.scheduler = new ConversationScheduler(config.concurrency);
    this.pressure = new BackPressure(config, (p) => config.onPressure?.(p));
    this.recent = new RecentIds(config.dedupe.capacity, config.dedupe.ttlMs);
    const optionHook: DeadLetterHook[] = config.onDeadLetter
      ? [{ name: 'onDeadLetter option', call: async (letter) => config.onDeadLetter!(letter) }]
      : [];
    const desk = new DeadLetterDesk(() => [...registry.deadLetterHooks, ...optionHook], this.logger);
    this.decision = new AckDecision(acks, this.recent, desk, this.logger, config.onInvalidMessage, config.observer);
    this.runner = new HandlerRunner(this.decision, this.logger, { decrypt: config.decrypt }, (id) => this.ack(id), this.shutdown.signal, config.observer);
  }

  /** Entry point for every `CREATE_MESSAGE` push. Never throws. */
  dispatch(view: unknown): void {
    if (!this.accepting) return; // Shutting down: not acked, so the server keeps it for the next start.
    if (typeof view !== 'object' || view === null) return this.logger.warn('dropped a message push whose data is not an object');
    const raw = view as Record<string, unknown>;
    this.config.observer?.received(raw.message_id, raw.category);
    const messageId = this.intake(raw.message_id, raw.category);
    if (messageId === undefined) return;
    const category = typeof raw.category === 'string' ? raw.category : '';
    const handler = this.registry.find(category);
    if (!handler) {
      this.logger.debug(`no handler for ${category ? logSafe(category, 64) : 'a message without category'} (message ${messageId}); acknowledging it`, messageFields(messageId, raw, category));
      this.decision.handled(messageId);
      this.config.observer?.unhandled(category);
      return;
    }
    const weight = messageWeight(raw);
    this.begin(messageId, weight);
    handler.lane ??= this.scheduler.lane(handler.concurrency);
    const conversationId = raw.conversation_id;
    const key = handler.ordered && typeof conversationId === 'string' ? conversationId : messageId;
    this.scheduler.submit(key, handler.lane, () => this.run(messageId, weight, () => this.runner.run(raw, messageId, category, handler)));
  }

  /** A push that could not be read whole: dead-lettered and acked when its id could be recovered. */
  rejectUnreadable(info: UnreadableMessage): void {
    if (!this.accepting) return;
    this.config.observer?.received(info.messageId, info.category);
    const messageId = this.intake(info.messageId, info.category, `an unreadable message (${logSafe(info.reason, 200)})`);
    if (messageId === undefined) return;
    const raw = unreadableEnvelope(info, messageId);
    const category = typeof raw.category === 'string' ? raw.category : '';
    const error = new UnreadableMessageError(logSafe(info.reason, 300), info.frameBytes, messageId, category);
    this.begin(messageId, 1024);
    void this.run(messageId, 1024, () => this.decision.invalid(raw, messageId, category, error, this.config.deadLetter));
  }

  /** Acknowledges a message on request (`ctx.ack()`, `blaze.ack()`), remembering it as handled. */
  ack(messageId: string): Promise<void> {
    return this.decision.manual(messageId);
  }

  /** Stops taking new messages (shutdown); what arrives or is still queued stays un-acked. */
  stopIntake(): void {
    this.shutdown.abort();
  }

  /** Waits for running handlers; resolves false if `timeoutMs` passed first (their attempts are aborted). */
  async drain(timeoutMs: number): Promise<boolean> {
    if (this.working === 0) return true;
    const done = await woken(this.idle.signal, timeoutMs);
    if (!done) {
      this.logger.error(`${this.scheduler.activeCount} handlers were still running after ${timeoutMs} ms; their messages stay un-acknowledged and will be redelivered`);
      this.runner.abortAll(new Error('application shutdown'));
    }
    return done;
  }

  get stats(): DispatcherStats {
    const p = this.pressure;
    return { buffered: p.current, bufferedBytes: p.currentBytes, peakBuffered: p.peak, peakBufferedBytes: p.peakBytes, running: this.scheduler.activeCount, paused: p.paused };
  }

  private get accepting(): boolean {
    return !this.shutdown.signal.aborted;
  }

  /** The message id when the message is new and may be taken in; undefined when it was dealt with here. */
  private intake(messageId: unknown, category: unknown, what = 'a message'): string | undefined {
    if (!isUuid(messageId)) {
      this.logger.warn(`dropped ${what} whose message_id is not a UUID (${logSafe(messageId, 64)}, category ${logSafe(category, 64)}); it cannot be acknowledged`);
      return undefined;
    }
    if (this.active.has(messageId)) {
      this.logger.debug(`message ${messageId} is already being handled; ignoring the redelivery`, { messageId });
      return undefined;
    }
    if (this.recent.has(messageId)) {
      this.logger.debug(`message ${messageId} was handled already; acknowledging the redelivery again`, { messageId });
      this.decision.again(messageId);
      return undefined;
    }
    return messageId;
  }

  private begin(messageId: string, weight: number): void {
    this.active.add(messageId);
    this.pressure.add(weight);
  }

  /** Runs one message's work with the bookkeeping every message gets; never rejects. */
  private async run(messageId: string, weight: number, work: () => Promise<void>): Promise<void> {
    this.working++;
    let ran = false;
    try {
      // Queued when shutdown began, or no longer ours: left for redelivery.
      ran = this.accepting && (this.config.admit?.(messageId) ?? true);
      if (ran) await work();
    } catch (err) {
      this.logger.error(`message ${messageId} could not be dispatched; not acknowledged: ${describeThrown(err)}`, undefined, { messageId });
    } finally {
      this.active.delete(messageId);
      this.pressure.remove(weight);
      if (--this.working === 0) this.idle.wake();
      this.config.onFinished?.(messageId, ran);
    }
  }
}
