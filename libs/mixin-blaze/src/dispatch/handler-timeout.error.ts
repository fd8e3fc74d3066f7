/** A handler attempt ran past its `timeoutMs`. */
export class HandlerTimeoutError extends Error {
  constructor(handler: string, timeoutMs: number) {
    super(`${handler} did not finish within ${timeoutMs} ms`);
    this.name = 'HandlerTimeoutError';
  }
}
