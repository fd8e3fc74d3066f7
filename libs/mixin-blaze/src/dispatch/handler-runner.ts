import type { BlazeMessage } from '../messages/blaze-message.dto.js';
import { MessageDecodeError } from '../messages/message-decode.error.js';
import { decodeMessageView, type DecodeOptions } from '../messages/message-decoder.js';
import { backoffDelay } from '../util/backoff.js';
import type { BlazeObserver } from '../util/blaze-observer.js';
import { DeadlineQueue } from '../util/deadline-queue.js';
import type { EngineLogger } from '../util/engine-logger.js';
import { describeThrown, logSafe } from '../util/log-safe.js';
import { woken } from '../util/wake-up.js';
import type { AckDecision } from './ack-decision.js';
import type { BlazeContext } from './blaze-context.js';
import type { DeadLetter } from './dead-letter.js';
import { runAttempt } from './handler-attempt.js';
import type { MessageHandler } from './handler-registry.js';
import { payloadBytesOf } from './invalid-message.js';
import { messageFields } from './log-fields.js';
import { observeAttempt } from './observe-attempt.js';
import { SkipAck } from './skip-ack.js';

/**
 * Takes one message through its handler: decode and validate it, run attempts under the
 * handler's timeout, retry with backoff, and give the ack decision how it ended.
 */
export class HandlerRunner {
  /** Attempts running now, so that shutdown can abort them. */
  private readonly attempts = new Set<BlazeContext>();
  private readonly deadlines = new DeadlineQueue();

  constructor(
    private readonly decision: AckDecision,
    private readonly logger: EngineLogger,
    private readonly decodeOptions: DecodeOptions,
    private readonly acknowledge: (messageId: string) => Promise<void>,
    /** Aborted at shutdown: failures are then left for redelivery, and retry waits end. */
    private readonly shutdown: AbortSignal,
    private readonly observer?: BlazeObserver,
  ) {}

  /** Aborts the `signal` of every running attempt. */
  abortAll(reason: Error): void {
    for (const attempt of this.attempts) attempt.abort(reason);
  }

  /** Runs a message through `handler` to its ack decision; `messageId` is a checked UUID. */
  async run(raw: Record<string, unknown>, messageId: string, category: string, handler: MessageHandler): Promise<void> {
    const message = this.decode(raw, handler);
    const work =
      message instanceof MessageDecodeError
        ? () => this.decision.invalid(raw, messageId, category, message, handler.deadLetter, handler.name)
        : () => this.handle(message, raw, messageId, category, handler);
    // An invalid message is traced too: its span ends as a dead letter.
    if (this.observer?.handling) await this.observer.handling(messageId, category, raw, handler.name, work);
    else await work();
  }

  // Anything the decoder throws is about this message's bytes (wire input), so it is an invalid
  // message, not a reason to leave the message looping on every reconnect.
  private decode(raw: Record<string, unknown>, handler: MessageHandler): BlazeMessage | MessageDecodeError {
    try {
      return decodeMessageView(raw, handler.dto ? { ...this.decodeOptions, payloadClass: handler.dto } : this.decodeOptions);
    } catch (err) {
      if (err instanceof MessageDecodeError) return err;
      const issue = { path: 'payload', rules: ['decoder'], messages: [`the decoder failed: ${describeThrown(err)}`] };
      return new MessageDecodeError('validation', [issue], logSafe(raw.message_id, 64), logSafe(raw.category, 64), { cause: err });
    }
  }

  private async handle(message: BlazeMessage, raw: Record<string, unknown>, messageId: string, category: string, handler: MessageHandler): Promise<void> {
    const { attempts } = handler.retry;
    const fields = messageFields(messageId, raw, category, handler.name);
    const cat = logSafe(category, 64);
    for (let attempt = 1; ; attempt++) {
      const startedAt = this.observer ? performance.now() : 0;
      const outcome = await runAttempt(handler, message, raw, attempt, this.acknowledge, this.attempts, this.deadlines);
      if (this.observer) observeAttempt(this.observer, messageId, category, outcome, startedAt);
      if (outcome.kind === 'resolved') {
        if (outcome.value instanceof SkipAck) {
          this.logger.debug(`${handler.name} skipped the ack of ${messageId}${outcome.value.reason ? `: ${logSafe(outcome.value.reason)}` : ''}`, { ...fields, attempt });
        } else if (handler.autoAck) {
          this.decision.handled(messageId);
        }
        return;
      }
      if (outcome.kind === 'refused') {
        this.logger.warn(`a guard refused message ${messageId} (${cat}) for ${handler.name}; acknowledging it without handling`, { ...fields, attempt });
        this.decision.handled(messageId);
        return;
      }
      // One warn line per failed attempt, without the stack: the stack is logged once, with the
      // dead letter, rather than once per attempt (nest/quiet-exceptions.ts keeps Nest from adding its own).
      const why = describeThrown(outcome.error);
      const at = { ...fields, attempt, attempts };
      if (this.shutdown.aborted) {
        this.logger.warn(`${handler.name} failed on message ${messageId} (${cat}), attempt ${attempt}/${attempts}, during shutdown; left for redelivery: ${why}`, at);
        return;
      }
      if (attempt >= attempts) {
        this.logger.warn(`${handler.name} failed on message ${messageId} (${cat}), attempt ${attempt}/${attempts}; giving up: ${why}`, at);
        const letter: DeadLetter = {
          kind: 'failed',
          messageId,
          category,
          message,
          raw,
          rawBytes: payloadBytesOf(raw),
          error: outcome.error,
          reason: `${handler.name} failed after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${why}`,
          attempts: attempt,
          handler: handler.name,
        };
        return this.decision.deadLetter(letter, handler.deadLetter);
      }
      const delay = backoffDelay(handler.retry, attempt - 1);
      this.observer?.retrying(messageId, category);
      this.logger.warn(`${handler.name} failed on message ${messageId} (${cat}), attempt ${attempt}/${attempts}; retrying in ${delay} ms: ${why}`, at);
      await woken(this.shutdown, delay);
    }
  }
}
