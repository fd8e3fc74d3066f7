import { Expose } from 'class-transformer';
import { IsMixinId } from './validators.js';

/**
 * `PLAIN_CONTACT` payload: a shared user card (GO `blaze.go SendContact`). `user_id` is required
 * both ways: Android, DART and Flutter all need it, and the card shows nothing without it.
 */
export class ContactPayload {
  @Expose({ name: 'user_id' }) @IsMixinId() userId: string;
}
