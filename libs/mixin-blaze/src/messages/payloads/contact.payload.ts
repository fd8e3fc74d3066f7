import { Expose } from 'class-transformer';
import { IsMixinId } from './validators.js';

/** `PLAIN_CONTACT` payload: a shared user card. */
export class ContactPayload {
  @Expose({ name: 'user_id' }) @IsMixinId() userId: string;
}
