import { MixinBlazeError } from '../util/mixin-blaze.error.js';
/** A handler attempt ran past its `timeoutMs`. */
export class HandlerTimeoutError extends MixinBlazeError {
  constructor(handler: string, timeoutMs: number) {
    super(`${handler} did not finish within ${timeoutMs} ms`);
    this.name = 'HandlerTimeoutError';
  }
}
