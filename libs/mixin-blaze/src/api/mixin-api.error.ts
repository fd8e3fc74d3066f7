/** A Mixin HTTP API call failed: an error body, a non-2xx status, a timeout or a network error. */
export class MixinApiError extends Error {
  constructor(
    message: string,
    /** HTTP status, or 0 when no response arrived. */
    readonly status: number,
    /** Mixin error code from the body (§6), when there was one. */
    readonly code?: number,
  ) {
    super(message);
    this.name = 'MixinApiError';
  }
}
