import { MixinBlazeError } from '../util/mixin-blaze.error.js';
/** A keystore field is missing or malformed. The message names the field, never its value. */
export class KeystoreError extends MixinBlazeError {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`Invalid Mixin keystore: "${field}" ${problem}`);
    this.name = 'KeystoreError';
  }
}
