import { instanceToPlain } from 'class-transformer';
import { validateSync } from 'class-validator';
import { newUuid } from '../util/uuid.js';

/** A message for `MixinBlazeService.send`. */
export interface OutgoingMessage {
  conversationId: string;
  category: string;
  /** Text for PLAIN_TEXT/PLAIN_POST; a payload class instance, plain object or array for JSON categories; bytes as is. */
  payload: string | Buffer | object;
  /** Needed for 1:1 conversations the bot has not talked in yet. */
  recipientId?: string;
  quoteMessageId?: string;
  /** Your own id makes a retried send idempotent on the server; default a fresh UUID. */
  messageId?: string;
}

/** Options of `sendText`. */
export type SendTextOptions = Pick<OutgoingMessage, 'recipientId' | 'quoteMessageId' | 'messageId'>;

/** A payload class instance failed validation before anything was sent. */
export class OutgoingPayloadError extends Error {
  constructor(
    readonly category: string,
    readonly constraints: string[],
  ) {
    super(`payload of the ${category} message is invalid: ${constraints.join('; ')}`);
    this.name = 'OutgoingPayloadError';
  }
}

/** Turns an outgoing message into the wire params of CREATE_MESSAGE / POST /messages. */
export function toWireParams(message: OutgoingMessage): Record<string, string> {
  const params: Record<string, string> = {
    conversation_id: message.conversationId,
    message_id: message.messageId ?? newUuid(),
    category: message.category,
    data_base64: encodePayload(message.category, message.payload).toString('base64url'),
  };
  if (message.recipientId) params.recipient_id = message.recipientId;
  if (message.quoteMessageId) params.quote_message_id = message.quoteMessageId;
  return params;
}

function encodePayload(category: string, payload: OutgoingMessage['payload']): Buffer {
  if (typeof payload === 'string') return Buffer.from(payload, 'utf8');
  if (Buffer.isBuffer(payload)) return payload;
  const items = Array.isArray(payload) ? payload : [payload];
  const constraints = items.flatMap((item) => (isClassInstance(item) ? validateSync(item).flatMap((e) => flatten(e)) : []));
  if (constraints.length > 0) throw new OutgoingPayloadError(category, constraints);
  return Buffer.from(JSON.stringify(instanceToPlain(payload)), 'utf8');
}

function isClassInstance(value: unknown): value is object {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) !== Object.prototype;
}

function flatten(error: import('class-validator').ValidationError, path = ''): string[] {
  const at = path ? `${path}.${error.property}` : error.property;
  const own = Object.values(error.constraints ?? {}).map((text) => `${at}: ${text}`);
  return [...own, ...(error.children ?? []).flatMap((child) => flatten(child, at))];
}
