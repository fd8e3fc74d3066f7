import { MixinBlazeError } from '../util/mixin-blaze.error.js';
/** Extra details of a {@link MixinApiError}. */
export interface MixinApiErrorOptions {
  /** The underlying failure (a transport error, for status 0). */
  cause?: unknown;
  /** How long the server asked us to wait (`Retry-After` on a 429/503), bounded to 5 minutes. */
  retryAfterMs?: number;
}

/** A Mixin HTTP API call failed: an error body, a non-2xx status, a timeout or a network error. */
export class MixinApiError extends MixinBlazeError {
  /** The server's `Retry-After`, in ms, when it sent one with a 429 or 503. */
  readonly retryAfterMs?: number;

  constructor(
    message: string,
    /** HTTP status, or 0 when no complete response arrived. */
    readonly status: number,
    /** Mixin error code from the body (docs/protocol.md §6), when there was one. */
    readonly code?: number,
    options: MixinApiErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MixinApiError';
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }
}
