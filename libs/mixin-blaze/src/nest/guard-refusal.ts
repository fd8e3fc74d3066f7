import { ForbiddenException } from '@nestjs/common';

// Nest's guards consumer throws exactly this when a guard returns false.
const GUARD_REFUSAL = 'Forbidden resource';

/**
 * True when an invocation failed because a guard said no. The engine acks such a message instead
 * of retrying it (a guard would refuse every redelivery too). A thrown value may be a Proxy whose
 * every trap throws: looking at it must not throw too.
 */
export function isGuardRefusal(error: unknown): boolean {
  try {
    return error instanceof ForbiddenException && error.message === GUARD_REFUSAL;
  } catch {
    return false;
  }
}
