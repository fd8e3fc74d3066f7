import { Injectable } from '@nestjs/common';
import type { DeadLetterPolicy, RetryPolicy } from '../mixin-blaze.options.js';
import type { BlazeContext } from './blaze-context.js';
import type { Lane } from './conversation-scheduler.js';
import type { DeadLetter } from './dead-letter.js';
import { ANY_CATEGORY, type OnMessageOptions } from './on-message.decorator.js';

/** One bound handler: a provider method with its options resolved against the module defaults. */
export interface MessageHandler {
  /** `ClassName.method`, for logs and errors. */
  name: string;
  autoAck: boolean;
  ordered: boolean;
  concurrency: number;
  retry: RetryPolicy;
  timeoutMs: number;
  deadLetter: DeadLetterPolicy;
  dto?: OnMessageOptions['dto'];
  /** Runs the method through Nest's guards, interceptors, pipes and filters. */
  invoke(message: unknown, context: BlazeContext): Promise<unknown>;
  /** Set by the dispatcher on first use. */
  lane?: Lane;
}

/** Category → handler, and the dead-letter hooks; filled once at startup by the explorer. */
@Injectable()
export class HandlerRegistry {
  private readonly byCategory = new Map<string, MessageHandler>();
  readonly deadLetterHooks: Array<{ name: string; call: (letter: DeadLetter) => Promise<unknown> }> = [];

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
