import { Expose } from 'class-transformer';
import { IsMixinId } from './validators.js';

/** `MESSAGE_RECALL` payload: the message being withdrawn. */
export class RecallPayload {
  @Expose({ name: 'message_id' }) @IsMixinId() messageId: string;
}
