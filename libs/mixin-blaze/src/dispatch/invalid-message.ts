import { MessageDecodeError } from '../messages/message-decode.error.js';
import type { UnreadableMessage } from '../transport/unreadable-message.js';
import { isBase64 } from '../messages/payload-bytes.js';
import { describeThrown, logSafe } from '../util/log-safe.js';
import type { DeadLetter } from './dead-letter.js';
import { UnreadableMessageError } from './unreadable-message.error.js';

/** The constraints of a decode failure, cut so that one hostile payload cannot make a huge log line. */
function constraintsOf(error: unknown): string {
  if (error instanceof UnreadableMessageError) return error.reason;
  if (error instanceof MessageDecodeError) {
    const list = error.constraints.slice(0, 10).map((c) => logSafe(c, 200));
    const more = error.constraints.length > 10 ? `; and ${error.constraints.length - 10} more` : '';
    return `${error.stage} failed: ${list.join('; ') || logSafe(error.message, 300)}${more}`;
  }
  return `the decoder failed: ${describeThrown(error)}`;
}

/** The payload bytes as received, when `data` or `data_base64` is readable base64 (else undefined). */
export function payloadBytesOf(raw: Record<string, unknown>): Buffer | undefined {
  const value = typeof raw.data === 'string' && raw.data !== '' ? raw.data : raw.data_base64;
  if (typeof value !== 'string' || value === '' || !isBase64(value)) return undefined;
  return Buffer.from(value, 'base64');
}

/** The dead letter of a message that could not be read or failed validation. */
export function invalidLetter(
  raw: Record<string, unknown>,
  messageId: string,
  category: string,
  error: unknown,
  handler?: string,
): DeadLetter {
  return {
    kind: 'invalid',
    messageId,
    category,
    raw,
    rawBytes: payloadBytesOf(raw),
    error,
    reason: `invalid ${category ? logSafe(category, 64) : 'category-less'} message: ${constraintsOf(error)}`,
    attempts: 0,
    handler,
  };
}

/** What an unreadable message's dead letter carries as `raw`: the envelope fields recovered from its frame, cut. */
export function unreadableEnvelope(info: UnreadableMessage, messageId: string): Record<string, unknown> {
  const raw: Record<string, unknown> = { message_id: messageId };
  for (const [field, value] of [['conversation_id', info.conversationId], ['user_id', info.userId], ['category', info.category]] as const) {
    if (typeof value === 'string') raw[field] = value.slice(0, 256);
  }
  return raw;
}
