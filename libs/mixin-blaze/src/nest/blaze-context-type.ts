import type { ArgumentsHost } from '@nestjs/common';

/** The context type Nest enhancers see for `@OnMessage` handlers (`ctx.getType()`). */
export const BLAZE_CONTEXT_TYPE = 'blaze';

/** True when a guard, interceptor, pipe or filter runs around an `@OnMessage` handler. */
export function isBlazeContext(host: ArgumentsHost): boolean {
  return host.getType<string>() === BLAZE_CONTEXT_TYPE;
}
