/** The request a socket ack is (docs/protocol.md §3.2). */
export const ACK_ACTION = 'ACKNOWLEDGE_MESSAGE_RECEIPT';

// Only the request id and the message id vary; everything else is fixed text.
const HEAD = '{"id":"';
const MIDDLE = `","action":"${ACK_ACTION}","params":{"message_id":`;
const TAIL = ',"status":"READ"}}';

/**
 * The JSON text of one socket ack frame, `{"id","action","params":{"message_id","status":"READ"}}`,
 * built from a template rather than by `JSON.stringify` of the nested object: a backlog sends one
 * per message (docs/performance.md §4).
 */
export function ackFrameText(requestId: string, messageId: string): string {
  return HEAD + requestId + MIDDLE + JSON.stringify(messageId) + TAIL;
}
