import type { BlazeFrameError } from './frame-codec.js';

/** The server answered a request with an `error`: carries the Mixin error code (§6). */
export class BlazeRequestError extends Error {
  readonly code: number;
  readonly status?: number;
  constructor(
    readonly action: string,
    error: BlazeFrameError,
  ) {
    super(`Blaze ${action} failed with code ${error.code}${error.description ? `: ${error.description}` : ''}`);
    this.name = 'BlazeRequestError';
    this.code = error.code;
    this.status = error.status;
  }
}

/** A socket request could not be sent or got no reply in time; it may be retried. */
export class BlazeConnectionError extends Error {
  constructor(
    message: string,
    readonly reason: 'not-connected' | 'closed' | 'timeout',
  ) {
    super(message);
    this.name = 'BlazeConnectionError';
  }
}
