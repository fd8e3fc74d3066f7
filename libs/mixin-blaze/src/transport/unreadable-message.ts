/**
 * A CREATE_MESSAGE push that could not be read whole (over `maxFrameBytes` or
 * `maxInflatedFrameBytes`), with the envelope fields recovered from a bounded prefix of it. Values
 * are raw strings from the wire: whoever logs them escapes them.
 */
export interface UnreadableMessage {
  messageId?: string;
  conversationId?: string;
  category?: string;
  userId?: string;
  /** Why it could not be read; built by us, safe to log. */
  reason: string;
  /** The frame's compressed size. */
  frameBytes: number;
}
