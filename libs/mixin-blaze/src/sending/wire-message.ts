import { isUuid, newUuid } from '../util/uuid.js';
import type { OutgoingMessage } from './outgoing-message.js';
import { UnlistedCategory } from '../messages/unlisted-category.js';
import { OutgoingPayloadError } from './outgoing-payload.error.js';
import { encodePayload } from './payload-encoder.js';

/** The params of CREATE_MESSAGE, which are also one item of a POST /messages body (docs/protocol.md §3.2). */
// A type alias, not an interface, so it is assignable to Record<string, unknown>.
export type WireMessage = {
  conversation_id: string;
  message_id: string;
  category: string;
  /** base64url without padding (GO, FOX, current DOC). */
  data_base64: string;
  recipient_id?: string;
  quote_message_id?: string;
  representative_id?: string;
  silent?: boolean;
  expire_in?: number;
};

/**
 * Validates an outgoing message and turns it into wire params, assigning its message id.
 * Throws {@link OutgoingPayloadError} listing every problem found; nothing is sent.
 */
export function toWireMessage(message: OutgoingMessage, index?: number): WireMessage {
  if (typeof message !== 'object' || message === null) {
    throw new OutgoingPayloadError('unknown', ['message must be an object'], index);
  }
  const category: unknown = message.category instanceof UnlistedCategory ? message.category.name : message.category;
  const issues: string[] = [];
  if (typeof category !== 'string' || category === '') issues.push('category must be a non-empty string');
  if (!isUuid(message.conversationId)) issues.push('conversationId must be a UUID');
  for (const key of ['recipientId', 'quoteMessageId', 'messageId', 'representativeId'] as const) {
    if (given(message[key]) && !isUuid(message[key])) issues.push(`${key} must be a UUID when given`);
  }
  if (message.silent !== undefined && typeof message.silent !== 'boolean') issues.push('silent must be a boolean when given');
  const { expireIn } = message;
  if (expireIn !== undefined && !(Number.isSafeInteger(expireIn) && expireIn >= 0)) issues.push('expireIn must be a whole number of seconds, 0 or more, when given');
  const name = typeof category === 'string' && category !== '' ? category : 'unknown';
  const bytes = encodePayload(name, message.payload, issues);
  if (issues.length > 0 || bytes === undefined) throw new OutgoingPayloadError(name, issues, index);

  const wire: WireMessage = {
    conversation_id: message.conversationId,
    message_id: given(message.messageId) ? message.messageId : newUuid(),
    category: name,
    data_base64: bytes.toString('base64url'),
  };
  if (given(message.recipientId)) wire.recipient_id = message.recipientId;
  if (given(message.quoteMessageId)) wire.quote_message_id = message.quoteMessageId;
  if (given(message.representativeId)) wire.representative_id = message.representativeId;
  if (message.silent !== undefined) wire.silent = message.silent;
  if (expireIn !== undefined) wire.expire_in = expireIn;
  return wire;
}

// Mixin writes "" for "no id", so callers passing ids through from a MessageView get the same meaning.
function given(value: string | undefined): value is string {
  return value !== undefined && value !== null && value !== '';
}
