import { MixinBlazeError } from '../util/mixin-blaze.error.js';
/** A module option is wrong. Thrown at startup; the message names the option. */
export class BlazeOptionsError extends MixinBlazeError {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`MixinBlazeModule option "${field}" ${problem}`);
    this.name = 'BlazeOptionsError';
  }
}
