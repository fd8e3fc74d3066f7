import type { BlazeMessage } from '../messages/blaze-message.dto.js';
import { logSafe } from '../util/log-safe.js';

/**
 * A message the bot gives up on, as the dead-letter hooks (`@OnDeadLetter`, `onDeadLetter`)
 * receive it:
 * - `kind: 'failed'`: its handler failed on every attempt; `message` is the decoded DTO;
 * - `kind: 'invalid'`: it could not be read (undecodable payload, failed validation, a frame over
 *   the size limits); `message` is absent, `raw` and `rawBytes` hold what arrived.
 */
export interface DeadLetter {
  kind: 'failed' | 'invalid';
  /** The message id (always a UUID: a message without one cannot be dead-lettered or acked). */
  messageId: string;
  /** The category as received ('' when absent). */
  category: string;
  /** The decoded message; set when `kind` is 'failed'. */
  message?: BlazeMessage;
  /** The `data` of the CREATE_MESSAGE frame as received (for an oversized frame: the fields that could be read). */
  raw: Record<string, unknown>;
  /** The payload bytes as received (base64-decoded `data`), when they could be read. */
  rawBytes?: Buffer;
  /** What the last attempt threw, or the decode error. */
  error: unknown;
  /** One line saying why, safe to log. */
  reason: string;
  /** Handler attempts made (0 for an invalid message). */
  attempts: number;
  /** `ClassName.method` of the handler, when one was chosen. */
  handler?: string;
}

const ENVELOPE_FIELDS = [
  'message_id',
  'conversation_id',
  'user_id',
  'category',
  'session_id',
  'source',
  'status',
  'quote_message_id',
  'representative_id',
  'created_at',
] as const;

/**
 * The envelope of a raw message for the error log: the known envelope fields, each escaped and
 * cut, with the payload replaced by its size. Message contents may be private, and nothing from
 * the wire is walked recursively or logged unbounded.
 */
export function envelopeForLog(raw: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const field of ENVELOPE_FIELDS) {
    const value = raw[field];
    if (value !== undefined && value !== '') parts.push(`${field}=${logSafe(value, 64)}`);
  }
  const payload = typeof raw.data === 'string' && raw.data ? raw.data : raw.data_base64;
  parts.push(`data=<${typeof payload === 'string' ? payload.length : 0} base64 chars>`);
  return `{${parts.join(' ')}}`;
}
