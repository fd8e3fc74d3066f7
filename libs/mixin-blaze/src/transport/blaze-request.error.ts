import { logSafe } from '../util/log-safe.js';
import type { BlazeFrameError } from './frame-codec.js';
import { MixinBlazeError } from '../util/mixin-blaze.error.js';

/** The server answered a request with an `error`: carries the Mixin error code (docs/protocol.md §6). */
export class BlazeRequestError extends MixinBlazeError {
  readonly code: number;
  readonly status?: number;
  constructor(
    readonly action: string,
    error: BlazeFrameError,
  ) {
    // The error object comes off the wire: keep only well-typed fields, so building the error never
    // throws, and escape and cut the description, since messages end up in log lines.
    const code = typeof error?.code === 'number' ? error.code : 0;
    const description = typeof error?.description === 'string' ? `: ${logSafe(error.description)}` : '';
    super(`Blaze ${action} failed with code ${code}${description}`);
    this.name = 'BlazeRequestError';
    this.code = code;
    this.status = typeof error?.status === 'number' ? error.status : undefined;
  }
}
