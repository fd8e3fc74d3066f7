import { Injectable } from '@nestjs/common';
import { ANY_CATEGORY, type OnMessageOptions } from './on-message.decorator.js';

/** One bound handler: a provider method and its options. */
export interface MessageHandler {
  /** `ClassName.method`, for logs and errors. */
  name: string;
  autoAck: boolean;
  dto?: OnMessageOptions['dto'];
  invoke(message: unknown): unknown;
}

/** Category → handler; filled once at startup by the explorer, read per message. */
@Injectable()
export class HandlerRegistry {
  private readonly byCategory = new Map<string, MessageHandler>();

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
