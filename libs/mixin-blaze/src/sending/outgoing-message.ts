import type { SendableCategory } from './sendable-categories.js';

/** A message for `MixinBlazeService.send` / `sendMany`. */
export interface OutgoingMessage {
  conversationId: string;
  /** A {@link SendableCategory}; any other category needs a Buffer payload. */
  // `string & {}` keeps autocompletion without closing the set (the Buffer escape hatch).
  category: SendableCategory | (string & {});
  /**
   * - `PLAIN_TEXT` / `PLAIN_POST`: a non-empty string.
   * - JSON categories: an instance of the category's payload class (camelCase, e.g. `ImagePayload`),
   *   or a plain wire-shaped object (snake_case, e.g. `{ attachment_id, mime_type }`); an array of
   *   them for `APP_BUTTON_GROUP` and `PLAIN_TRANSCRIPT`. Validated before anything is sent.
   * - A `Buffer`: raw bytes sent as they are, unvalidated, for any category (the escape hatch).
   */
  payload: string | Buffer | object;
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

/** Options of `sendText`. */
export type SendTextOptions = Pick<OutgoingMessage, 'recipientId' | 'quoteMessageId' | 'messageId' | 'representativeId' | 'silent' | 'expireIn'>;

