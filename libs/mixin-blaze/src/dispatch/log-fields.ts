import type { LogFields } from '../util/engine-logger.js';
import { logSafe } from '../util/log-safe.js';
import { isUuid } from '../util/uuid.js';

/**
 * The structured context of a log line about one message. `messageId` is checked already; the
 * other values come from the wire, so they are escaped and cut like any wire text in a log line.
 */
export function messageFields(messageId: string, raw: Readonly<Record<string, unknown>>, category: string, handler?: string): LogFields {
  const fields: LogFields = { messageId };
  const conversationId = raw.conversation_id;
  if (typeof conversationId === 'string' && conversationId !== '') fields.conversationId = isUuid(conversationId) ? conversationId : logSafe(conversationId, 64);
  if (category !== '') fields.category = logSafe(category, 64);
  if (handler !== undefined) fields.handler = handler;
  return fields;
}
