import type { Type } from '@nestjs/common';
import type { AnyCategory, MessageFor, MixinCategory } from '../messages/category-map.js';
import type { BlazeMessage } from '../messages/blaze-message.dto.js';
import { UnlistedCategory } from '../messages/unlisted-category.js';
import type { DeadLetterPolicy, RetryPolicy } from '../mixin-blaze.options.js';

/** Options of one `@OnMessage` handler. */
export interface OnMessageOptions {
  /** The bot (`MixinBlazeModule.forRoot({ name })`) whose messages this handler takes. Default: the unnamed bot. */
  bot?: string;
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
  /** Categories passed through `unlistedCategory()`: not checked against the known list at startup. */
  unlisted: string[];
  options: OnMessageOptions;
}

/** Metadata key of `@OnMessage`, on the method function. */
export const ON_MESSAGE_METADATA = 'mixin-blaze:on-message';

/** A category `@OnMessage` takes: a listed one, `'*'`, or an `unlistedCategory('...')`. */
export type HandledCategory = MixinCategory | AnyCategory | UnlistedCategory;

type AnyMethod = (...args: any[]) => any;
type FirstParameter<M> = M extends (first: infer P, ...rest: any[]) => any ? P : never;
/**
 * Passes unless the method's first parameter is a message class that cannot hold every message of
 * `C` (an `ImageMessage` parameter on `'PLAIN_TEXT'`, a single class on a list of categories).
 * Parameters that are not messages (`@Payload()`, `@Ctx()`, a pipe's output) are not checked.
 */
type FirstParameterFits<M, C, O> = O extends { dto: Type<object> }
  ? unknown // with your own payload class the message is a BlazeMessage of it: the check is yours
  : [FirstParameter<M>] extends [never]
  ? unknown
  : FirstParameter<M> extends BlazeMessage<any>
    ? [MessageFor<C>] extends [FirstParameter<M>]
      ? unknown
      : { 'the first parameter cannot receive every message of this category; it gets': MessageFor<C> }
    : unknown;

/** The decorator `@OnMessage` returns: it checks the method's first parameter against the category. */
export type OnMessageDecorator<C, O = OnMessageOptions> = <M extends AnyMethod>(
  target: object,
  key: string | symbol,
  descriptor: TypedPropertyDescriptor<M> & FirstParameterFits<M, C, O>,
) => void;

/**
 * Marks a provider method as the handler of one or more message categories (`'*'` for any category
 * without a handler of its own; `unlistedCategory('X')` for one this library does not list yet).
 * The first parameter receives the validated message DTO. Stackable. The category and the first
 * parameter's type are checked at compile time, and a category that is not listed fails startup
 * with the nearest listed one.
 */
export function OnMessage<C extends HandledCategory, O extends OnMessageOptions = OnMessageOptions>(
  category: C | readonly C[],
  options: O = {} as O,
): OnMessageDecorator<C, O> {
  const given = [category].flat() as HandledCategory[];
  if (given.length === 0 || given.some((c) => !(c instanceof UnlistedCategory) && (typeof c !== 'string' || c.length === 0))) {
    throw new Error('@OnMessage needs a category name or a non-empty list of them');
  }
  const entry: OnMessageMetadata = {
    categories: given.map((c) => (c instanceof UnlistedCategory ? c.name : c)),
    unlisted: given.filter((c): c is UnlistedCategory => c instanceof UnlistedCategory).map((c) => c.name),
    options,
  };
  return (_target, _key, descriptor) => {
    const method = descriptor.value as object;
    const previous: OnMessageMetadata[] = Reflect.getMetadata(ON_MESSAGE_METADATA, method) ?? [];
    Reflect.defineMetadata(ON_MESSAGE_METADATA, [...previous, entry], method);
  };
}
