import type { ArgumentsHost } from '@nestjs/common';
import { BLAZE_CONTEXT_TYPE } from '../dispatch/blaze-context.js';

export { BLAZE_CONTEXT_TYPE };

/** True when a guard, interceptor, pipe or filter runs around an `@OnMessage` handler. */
export function isBlazeContext(host: ArgumentsHost): boolean {
  return host.getType<string>() === BLAZE_CONTEXT_TYPE;
}
