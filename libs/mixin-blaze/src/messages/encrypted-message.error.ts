import { MixinBlazeError } from '../util/mixin-blaze.error.js';
/** Why an ENCRYPTED_* payload could not be opened. Messages never include key or payload bytes. */
export class EncryptedMessageError extends MixinBlazeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EncryptedMessageError';
  }
}
