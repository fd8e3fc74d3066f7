import { isUuid } from './emulator-ids.js';
import type { SentRecord } from './emulator-types.js';

/** A bot-sent message that passed validation, before it gets its seq/via. */
export type OutboundMessage = Omit<SentRecord, 'seq' | 'at' | 'via'>;

export type OutboundParse = { ok: true; message: OutboundMessage } | { ok: false; description: string };

// Both alphabets: older Node SDK helpers put base64url into `data` (docs/protocol.md §3.2).
const BASE64_ANY = /^[A-Za-z0-9+/_-]*={0,2}$/;

function optionalUuid(value: unknown): boolean {
  return value === undefined || value === null || value === '' || isUuid(value);
}

/**
 * Validates one outgoing message (CREATE_MESSAGE params or a POST /messages item) and
 * decodes its payload; the description names the first bad field.
 */
export function parseOutbound(input: unknown): OutboundParse {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, description: 'message must be an object' };
  }
  const p = input as Record<string, unknown>;
  if (!isUuid(p.conversation_id)) return { ok: false, description: 'conversation_id must be a uuid' };
  if (!isUuid(p.message_id)) return { ok: false, description: 'message_id must be a uuid' };
  if (typeof p.category !== 'string' || p.category === '') return { ok: false, description: 'category is required' };
  if (!optionalUuid(p.recipient_id)) return { ok: false, description: 'recipient_id must be a uuid' };
  if (!optionalUuid(p.quote_message_id)) return { ok: false, description: 'quote_message_id must be a uuid' };
  if (!optionalUuid(p.representative_id)) return { ok: false, description: 'representative_id must be a uuid' };
  const encoded = typeof p.data_base64 === 'string' && p.data_base64 !== '' ? p.data_base64 : p.data;
  if (typeof encoded !== 'string' || encoded === '') {
    return { ok: false, description: 'data or data_base64 is required' };
  }
  if (!BASE64_ANY.test(encoded)) return { ok: false, description: 'data is not base64' };
  if (p.silent !== undefined && typeof p.silent !== 'boolean') return { ok: false, description: 'silent must be a boolean' };
  if (p.expire_in !== undefined && !(Number.isSafeInteger(p.expire_in) && (p.expire_in as number) >= 0)) {
    return { ok: false, description: 'expire_in must be a non-negative integer' };
  }
  return {
    ok: true,
    message: {
      messageId: p.message_id,
      conversationId: p.conversation_id,
      recipientId: typeof p.recipient_id === 'string' ? p.recipient_id : '',
      category: p.category,
      text: Buffer.from(encoded, 'base64').toString('utf8'),
      quoteMessageId: typeof p.quote_message_id === 'string' ? p.quote_message_id : '',
      representativeId: typeof p.representative_id === 'string' ? p.representative_id : '',
      silent: p.silent === true,
      expireIn: typeof p.expire_in === 'number' ? p.expire_in : 0,
    },
  };
}

/** The message view the server answers a successful send with. */
export function sentView(m: OutboundMessage, botUserId: string, createdAt: string): Record<string, unknown> {
  return {
    type: 'message',
    message_id: m.messageId,
    conversation_id: m.conversationId,
    recipient_id: m.recipientId,
    user_id: botUserId,
    category: m.category,
    status: 'SENT',
    quote_message_id: m.quoteMessageId,
    representative_id: m.representativeId,
    created_at: createdAt,
    updated_at: createdAt,
  };
}
