import type { MixinCategory, SendPayloadMap } from '../messages/category-map.js';
import type { UnlistedCategory } from '../messages/unlisted-category.js';
import type { SendableCategory } from './sendable-categories.js';

/** What every outgoing message has, whatever its category. */
export interface OutgoingMessageBase {
  conversationId: string;
  /** Needed for 1:1 conversations the bot has not talked in yet. */
  recipientId?: string;
  quoteMessageId?: string;
  /** Your own id makes a retried send idempotent on the server (Mixin dedupes by message id); default a fresh UUID. */
  messageId?: string;
  /** The user the bot writes on behalf of (`representative_id`; the Node SDK's `MessageRequest`). */
  representativeId?: string;
  /** Deliver without a notification. */
  silent?: boolean;
  /** Disappearing message: seconds after which clients delete it (0 = never). */
  expireIn?: number;
}

/**
 * A message for `MixinBlazeService.send` / `sendMany`, its payload typed by its category:
 * - `PLAIN_TEXT` / `PLAIN_POST`: a non-empty string;
 * - JSON categories: an instance of the category's payload class (camelCase, e.g. `ImagePayload`),
 *   or a plain wire-shaped object (snake_case, e.g. `{ attachment_id, mime_type }`); an array of
 *   them for `APP_BUTTON_GROUP` and `PLAIN_TRANSCRIPT`. Validated before anything is sent;
 * - a `Buffer`: raw bytes sent as they are, unvalidated (the escape hatch), for a sendable
 *   category or an `unlistedCategory('...')`.
 */
export type OutgoingMessage = TypedOutgoingMessage | RawOutgoingMessage;

/** An outgoing message of a category bots may send, with its payload's type. */
export type TypedOutgoingMessage = {
  [C in SendableCategory]: OutgoingMessageBase & { category: C; payload: SendPayloadMap[C] | Buffer };
}[SendableCategory];

/**
 * Raw bytes, unvalidated: for any listed category (e.g. `PLAIN_JSON`) or one this library does not
 * list (`{ category: unlistedCategory('X'), payload: buffer }`).
 */
export interface RawOutgoingMessage extends OutgoingMessageBase {
  category: MixinCategory | UnlistedCategory;
  payload: Buffer;
}

/** Options of `sendText`. */
export type SendTextOptions = Omit<OutgoingMessageBase, 'conversationId'>;

