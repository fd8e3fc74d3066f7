import { MixinBlazeError } from '../util/mixin-blaze.error.js';
/**
 * An outgoing message was refused before anything was sent: a payload that fails its class's
 * validation or has the wrong type for the category, a category bots cannot send, a malformed id,
 * or (in `sendMany`) a message too big for one request. `constraints` name fields and rules,
 * never payload values.
 */
export class OutgoingPayloadError extends MixinBlazeError {
  constructor(
    readonly category: string,
    readonly constraints: string[],
    /** Position in the `sendMany` input; undefined for `send`. */
    readonly index?: number,
  ) {
    const which = index === undefined ? `the ${category} message` : `message ${index} (${category})`;
    super(`${which} is invalid: ${constraints.join('; ')}`);
    this.name = 'OutgoingPayloadError';
  }
}
