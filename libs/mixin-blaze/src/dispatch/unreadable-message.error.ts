import { MessageDecodeError } from '../messages/message-decode.error.js';

/**
 * A message whose frame could not be read whole: over `maxFrameBytes` or over
 * `maxInflatedFrameBytes`. Only the envelope fields found in a bounded prefix are known.
 * It reaches `onInvalidMessage` and the dead-letter hooks (`kind: 'invalid'`) with stage `frame`.
 */
export class UnreadableMessageError extends MessageDecodeError {
  constructor(
    /** Why, e.g. "frame of 2 MiB exceeds maxFrameBytes (1 MiB)"; safe to log. */
    readonly reason: string,
    /** The compressed size of the frame. */
    readonly frameBytes: number,
    messageId?: string,
    category?: string,
  ) {
    super('frame', [{ path: 'frame', rules: ['frameSize'], messages: [reason] }], messageId, category);
    this.name = 'UnreadableMessageError';
  }
}
