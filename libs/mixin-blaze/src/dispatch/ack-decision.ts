import type { MessageDecodeError } from '../messages/message-decode.error.js';
import type { DeadLetterPolicy, InvalidMessageInfo } from '../mixin-blaze.options.js';
import { describeThrown, logSafe } from '../util/log-safe.js';
import { isUuid } from '../util/uuid.js';
import type { DeadLetter } from './dead-letter.js';
import { letterFields, type DeadLetterDesk } from './dead-letter-desk.js';
import type { EngineLogger } from '../util/engine-logger.js';
import type { BlazeObserver } from '../util/blaze-observer.js';
import { invalidLetter } from './invalid-message.js';
import { messageFields } from './log-fields.js';
import type { RecentIds } from './recent-ids.js';

/** Where acknowledgements go (the ack batcher). */
export interface AckSink {
  /** Resolves once the server accepted it: for `ctx.ack()`, whose caller may wait. */
  ack(messageId: string): Promise<void>;
  /** Queues it, with nobody waiting: auto-acks, of which there is one per message. */
  enqueue(messageId: string): void;
}

/**
 * Every way into acking, in one place: a handled message, a manual ack, a redelivery of a handled
 * message, a dead letter and an invalid message. Each acked id is remembered, so a redelivery is
 * acknowledged again instead of handled again.
 */
export class AckDecision {
  constructor(
    private readonly acks: AckSink,
    private readonly recent: RecentIds,
    private readonly desk: DeadLetterDesk,
    private readonly logger: EngineLogger,
    private readonly onInvalidMessage?: (info: InvalidMessageInfo) => void | Promise<void>,
    private readonly observer?: BlazeObserver,
  ) {}

  /** A message finished (handled, refused by a guard, or with no handler): ack and remember it. */
  handled(messageId: string): void {
    this.recent.add(messageId);
    this.acks.enqueue(messageId);
  }

  /** A redelivery of a message handled recently: ack it again. */
  again(messageId: string): void {
    this.acks.enqueue(messageId);
  }

  /** `ctx.ack()` / `blaze.ack()`: resolves once the server accepted it. */
  manual(messageId: string): Promise<void> {
    if (!isUuid(messageId)) return Promise.reject(new TypeError(`cannot acknowledge ${logSafe(messageId, 64)}: a message id is a UUID`));
    this.recent.add(messageId);
    return this.acks.ack(messageId);
  }

  /** Runs the dead-letter hooks, then acks per the policy when every hook took the letter. */
  async deadLetter(letter: DeadLetter, policy: DeadLetterPolicy): Promise<void> {
    this.observer?.deadLettered(letter.messageId, letter.category, letter.kind);
    const delivered = await this.desk.deliver(letter);
    if (policy === 'ack' && delivered) return this.handled(letter.messageId);
    const why = delivered ? "deadLetter: 'leave'" : 'a dead-letter hook failed';
    this.logger.warn(`dead letter ${letter.messageId} left un-acknowledged (${why}); Blaze redelivers it after the next reconnect`, letterFields(letter));
  }

  /** A message that could not be read or failed validation: `onInvalidMessage`, then the dead-letter path. */
  async invalid(raw: Record<string, unknown>, messageId: string, category: string, error: MessageDecodeError, policy: DeadLetterPolicy, handler?: string): Promise<void> {
    if (this.onInvalidMessage) {
      try {
        await this.onInvalidMessage({ messageId, category, error, raw });
      } catch (hookError) {
        this.logger.error(`onInvalidMessage hook failed for message ${messageId}: ${describeThrown(hookError)}`, undefined, messageFields(messageId, raw, category, handler));
      }
    }
    await this.deadLetter(invalidLetter(raw, messageId, category, error, handler), policy);
  }
}
