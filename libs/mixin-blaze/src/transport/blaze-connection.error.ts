import { MixinBlazeError } from '../util/mixin-blaze.error.js';
/** A socket request could not be sent or got no reply in time; it may be retried. */
export class BlazeConnectionError extends MixinBlazeError {
  constructor(
    message: string,
    readonly reason: 'not-connected' | 'closed' | 'timeout',
  ) {
    super(message);
    this.name = 'BlazeConnectionError';
  }
}
