import type { DecodeOptions } from '../messages/message-decoder.js';
import type { DeadLetterPolicy, RetryPolicy } from '../mixin-blaze.options.js';
import type { BlazeContext } from './blaze-context.js';
import type { Lane } from './conversation-scheduler.js';
import type { DeadLetterHook } from './dead-letter-desk.js';

/** The category that catches every message with no handler of its own. */
export const ANY_CATEGORY = '*';

/** One bound handler: what to call for a message, with its options resolved against the module defaults. */
export interface MessageHandler {
  /** `ClassName.method`, for logs and errors. */
  name: string;
  autoAck: boolean;
  ordered: boolean;
  concurrency: number;
  retry: RetryPolicy;
  timeoutMs: number;
  deadLetter: DeadLetterPolicy;
  /** The handler's own payload class, if any. */
  dto?: DecodeOptions['payloadClass'];
  /** Runs the handler once (in Nest: the method, through its guards, interceptors, pipes and filters). */
  invoke(message: unknown, context: BlazeContext): Promise<unknown>;
  /** True when `invoke` failed because the handler refused the message (a Nest guard): acked, not retried. */
  isRefusal?(error: unknown): boolean;
  /** Set by the dispatcher on first use. */
  lane?: Lane;
}

/** Category → handler, and the dead-letter hooks; filled once at startup (in Nest, by the explorer). */
export class HandlerRegistry {
  private readonly byCategory = new Map<string, MessageHandler>();
  readonly deadLetterHooks: DeadLetterHook[] = [];

  /** Binds a handler to a category; a second handler for the same category is a startup error. */
  add(category: string, handler: MessageHandler): void {
    const existing = this.byCategory.get(category);
    if (existing && existing.name !== handler.name) {
      throw new Error(
        `Two @OnMessage handlers for category "${category}": ${existing.name} and ${handler.name}. Keep one, or route inside it.`,
      );
    }
    this.byCategory.set(category, handler);
  }

  /** The category's own handler, else the `'*'` handler, else undefined. */
  find(category: string): MessageHandler | undefined {
    return this.byCategory.get(category) ?? this.byCategory.get(ANY_CATEGORY);
  }

  get size(): number {
    return this.byCategory.size;
  }

  categories(): string[] {
    return [...this.byCategory.keys()];
  }
}
