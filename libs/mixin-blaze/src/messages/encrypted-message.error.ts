/** Why an ENCRYPTED_* payload could not be opened. Messages never include key or payload bytes. */
export class EncryptedMessageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EncryptedMessageError';
  }
}
