import { randomUUID } from 'node:crypto';
import { DEFAULT_USER_ID, fakeSessionId, uniqueConversationId } from './emulator-ids.js';
import type { MessageView, UserSendOptions } from './emulator-types.js';

/**
 * One queued incoming message, kept small because backlog tests store 100k of them;
 * the full view is rebuilt on every push.
 */
export interface StoredMessage {
  messageId: string;
  conversationId: string;
  userId: string;
  category: string;
  /** Payload as standard base64. */
  data: string;
  encoding: 0 | 1 | 2; // 0 both, 1 data only, 2 data_base64 only
  createdAt: string;
  quoteMessageId: string;
  raw?: Record<string, unknown>;
  acked: boolean;
  deliveries: number;
  /** The gzipped first push, encoded ahead by `BlazeEmulator.preencodePending()` (benchmarks). */
  preencoded?: Buffer;
  /** The push `preencoded` serves (its view's `source`). */
  preencodedSource?: string;
}

const ENCODINGS = { both: 0, data: 1, data_base64: 2 } as const;

/** Payload bytes for a `userSends` payload. */
export function payloadBytes(payload: UserSendOptions['payload']): Buffer {
  if (typeof payload === 'string') return Buffer.from(payload, 'utf8');
  if (payload instanceof Uint8Array) return Buffer.from(payload);
  return Buffer.from(JSON.stringify(payload), 'utf8');
}

/** Hands out strictly increasing RFC 3339 timestamps with microseconds. */
export class MicroClock {
  private last = 0;

  now(): string {
    this.last = Math.max(Date.now() * 1000, this.last + 1);
    const ms = Math.floor(this.last / 1000);
    const micros = String(this.last % 1000).padStart(3, '0');
    return `${new Date(ms).toISOString().slice(0, 23)}${micros}Z`;
  }
}

/** Builds the stored form of one `userSends` call. */
export function storeMessage(opts: UserSendOptions, botUserId: string, defaultUserId: string, clock: MicroClock): StoredMessage {
  const userId = opts.userId ?? defaultUserId ?? DEFAULT_USER_ID;
  return {
    messageId: opts.messageId ?? randomUUID(),
    conversationId: opts.conversationId ?? uniqueConversationId(userId, botUserId),
    userId,
    category: opts.category ?? 'PLAIN_TEXT',
    data: payloadBytes(opts.payload).toString('base64'),
    encoding: ENCODINGS[opts.encoding ?? 'both'],
    createdAt: clock.now(),
    quoteMessageId: opts.quoteMessageId ?? '',
    raw: opts.raw,
    acked: false,
    deliveries: 0,
  };
}

/** The wire view of a stored message, as pushed with the given `source`. */
export function messageView(m: StoredMessage, source: string): MessageView {
  const view: MessageView = {
    type: 'message',
    conversation_id: m.conversationId,
    user_id: m.userId,
    session_id: fakeSessionId(m.userId),
    message_id: m.messageId,
    category: m.category,
    data: m.data,
    data_base64: Buffer.from(m.data, 'base64').toString('base64url'),
    status: 'SENT',
    source,
    quote_message_id: m.quoteMessageId,
    representative_id: '',
    silent: false,
    expire_in: 0,
    created_at: m.createdAt,
    updated_at: m.createdAt,
  };
  // Absent rather than empty, so clients that fall back from one field to the other are exercised.
  if (m.encoding === 1) delete view.data_base64;
  if (m.encoding === 2) delete view.data;
  return m.raw ? { ...view, ...m.raw } : view;
}
