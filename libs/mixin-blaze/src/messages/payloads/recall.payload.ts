import { Expose } from 'class-transformer';
import { IsMixinId } from './validators.js';

/**
 * `MESSAGE_RECALL` payload: the message being withdrawn (GO `blaze.go SendRecallMessage`).
 * `message_id` is required both ways: a recall of nothing means nothing.
 */
export class RecallPayload {
  @Expose({ name: 'message_id' }) @IsMixinId() messageId: string;
}
