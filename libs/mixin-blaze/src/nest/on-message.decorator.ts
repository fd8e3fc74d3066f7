import type { Type } from '@nestjs/common';
import type { DeadLetterPolicy, RetryPolicy } from '../mixin-blaze.options.js';

/** Options of one `@OnMessage` handler. */
export interface OnMessageOptions {
  /** Acknowledge the message once the handler resolves. Default true; with false, call `MixinBlazeService.ack`. */
  autoAck?: boolean;
  /** Your own payload class: the decoded text is parsed as JSON and validated into it (e.g. JSON commands sent as PLAIN_TEXT). */
  dto?: Type<object>;
  /** Handle this category's messages of one conversation one at a time, in order. Default true. */
  ordered?: boolean;
  /** At most this many of this handler's messages at once (within the module's `concurrency`). */
  concurrency?: number;
  /** Overrides the module's `retry` for this handler. */
  retry?: Partial<RetryPolicy>;
  /** Overrides the module's `handlerTimeoutMs` for this handler (0 = no limit). */
  timeoutMs?: number;
  /** Overrides the module's `deadLetter` policy for this handler. */
  deadLetter?: DeadLetterPolicy;
}

/** What `@OnMessage` records on a method. */
export interface OnMessageMetadata {
  categories: string[];
  options: OnMessageOptions;
}

/** Metadata key of `@OnMessage`, on the method function. */
export const ON_MESSAGE_METADATA = 'mixin-blaze:on-message';

/**
 * Marks a provider method as the handler of one or more message categories (`'*'`, `ANY_CATEGORY`, for any category
 * without a handler of its own). The first parameter receives the validated message DTO. Stackable.
 */
export function OnMessage(category: string | string[], options: OnMessageOptions = {}): MethodDecorator {
  const categories = [category].flat();
  if (categories.length === 0 || categories.some((c) => typeof c !== 'string' || c.length === 0)) {
    throw new Error('@OnMessage needs a category name or a non-empty list of them');
  }
  return (_target, _key, descriptor) => {
    const previous: OnMessageMetadata[] = Reflect.getMetadata(ON_MESSAGE_METADATA, descriptor.value as object) ?? [];
    Reflect.defineMetadata(ON_MESSAGE_METADATA, [...previous, { categories, options }], descriptor.value as object);
    return descriptor;
  };
}
