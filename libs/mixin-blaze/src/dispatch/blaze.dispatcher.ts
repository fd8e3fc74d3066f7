import { Logger } from '@nestjs/common';
import { MessageDecodeError } from '../messages/message-decode.error.js';
import { decodeMessageView, type DecodeOptions } from '../messages/message-decoder.js';
import type { InvalidMessageInfo } from '../mixin-blaze.options.js';
import type { HandlerRegistry, MessageHandler } from './handler-registry.js';

/** Hands an acknowledgement to the ack transport; resolves once the server accepted it. */
export type Acknowledge = (messageId: string) => Promise<void>;

export interface DispatcherConfig {
  onInvalidMessage?: (info: InvalidMessageInfo) => void | Promise<void>;
  /** Opens ENCRYPTED_* payloads with the bot's session key. */
  decrypt?: (bytes: Buffer) => Buffer;
}

/**
 * Takes each incoming message view to its handler and decides its acknowledgement:
 * - handler resolved (auto-ack on) → ack;
 * - handler threw → no ack (Blaze redelivers it after the next reconnect);
 * - decoding or validation failed → logged, `onInvalidMessage` called, ack (so poison cannot loop);
 * - no handler for the category and no `'*'` handler → logged at debug, ack.
 */
export class BlazeDispatcher {
  private readonly logger = new Logger('MixinBlaze');
  /** Handlers running now, by message id. */
  private readonly running = new Map<string, Promise<void>>();
  /** Handled messages whose ack has not landed yet; a redelivery of one is not handled again. */
  private readonly acking = new Set<string>();
  private accepting = true;
  // Built once: decoding runs per message.
  private readonly decodeOptions: DecodeOptions;

  constructor(
    private readonly registry: HandlerRegistry,
    private readonly acknowledge: Acknowledge,
    private readonly config: DispatcherConfig,
  ) {
    this.decodeOptions = { decrypt: config.decrypt };
  }

  /** Entry point for every `CREATE_MESSAGE` push. Never throws. */
  dispatch(view: unknown): void {
    if (!this.accepting) return; // Shutting down: not acked, so the server keeps it for the next start.
    const record = view as Record<string, unknown>;
    const messageId = record.message_id;
    if (typeof messageId !== 'string' || messageId.length === 0) {
      this.logger.warn(`dropped a message without message_id (category ${String(record.category)}); it cannot be acknowledged`);
      return;
    }
    if (this.running.has(messageId) || this.acking.has(messageId)) {
      this.logger.debug(`message ${messageId} is already being handled; ignoring the redelivery`);
      return;
    }
    const category = typeof record.category === 'string' ? record.category : '';
    const handler = this.registry.find(category);
    if (!handler) {
      this.logger.debug(`no handler for ${category || 'a message without category'} (message ${messageId}); acknowledging it`);
      this.ack(messageId);
      return;
    }
    const work = this.handle(view, messageId, category, handler)
      .catch((err: unknown) => this.logger.error(`message ${messageId} (${category}) could not be dispatched; not acknowledged: ${describe(err)}`))
      .finally(() => this.running.delete(messageId));
    this.running.set(messageId, work);
  }

  /** Stops taking new messages (shutdown); what arrives from now on stays un-acked. */
  stopIntake(): void {
    this.accepting = false;
  }

  /** Waits for running handlers; resolves false if `timeoutMs` passed first. */
  async drain(timeoutMs: number): Promise<boolean> {
    if (this.running.size === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const done = await Promise.race([Promise.allSettled([...this.running.values()]).then(() => true as const), expired]);
    clearTimeout(timer);
    if (!done) {
      this.logger.error(`${this.running.size} handlers were still running after ${timeoutMs} ms; their messages stay un-acknowledged and will be redelivered`);
    }
    return done;
  }

  get runningCount(): number {
    return this.running.size;
  }

  private async handle(view: unknown, messageId: string, category: string, handler: MessageHandler): Promise<void> {
    let message: unknown;
    try {
      message = decodeMessageView(view, handler.dto ? { payloadClass: handler.dto, decrypt: this.config.decrypt } : this.decodeOptions);
    } catch (err) {
      if (!(err instanceof MessageDecodeError)) throw err;
      await this.reject(view, messageId, category, err);
      return;
    }
    try {
      await handler.invoke(message);
    } catch (err) {
      this.logger.error(
        `${handler.name} failed on message ${messageId} (${category}); not acknowledged, Blaze will redeliver it: ${describe(err)}`,
        err instanceof Error ? err.stack : undefined,
      );
      return;
    }
    if (handler.autoAck) this.ack(messageId);
  }

  private async reject(view: unknown, messageId: string, category: string, error: MessageDecodeError): Promise<void> {
    this.logger.warn(
      `invalid message ${messageId} (${category || 'no category'}) failed at ${error.stage}: ${error.constraints.join('; ') || error.message}; acknowledging it so it cannot loop`,
    );
    if (this.config.onInvalidMessage) {
      try {
        await this.config.onInvalidMessage({ messageId, category, error, raw: view });
      } catch (hookError) {
        this.logger.error(`onInvalidMessage hook failed for message ${messageId}: ${describe(hookError)}`);
      }
    }
    this.ack(messageId);
  }

  private ack(messageId: string): void {
    this.acking.add(messageId);
    void this.acknowledge(messageId).finally(() => this.acking.delete(messageId));
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.message;
  try {
    return `non-Error value ${JSON.stringify(err)}`;
  } catch {
    return `non-Error value ${String(err)}`;
  }
}
