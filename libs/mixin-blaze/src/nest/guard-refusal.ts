import { ForbiddenException } from '@nestjs/common';
// The message Nest's guards consumer throws with when a guard returns false.
import { FORBIDDEN_MESSAGE } from '@nestjs/core/guards/constants.js';

/**
 * True when an invocation failed because a guard said no. The engine acks such a message instead
 * of retrying it (a guard would refuse every redelivery too). A thrown value may be a Proxy whose
 * every trap throws: looking at it must not throw too.
 */
export function isGuardRefusal(error: unknown): boolean {
  try {
    return error instanceof ForbiddenException && error.message === FORBIDDEN_MESSAGE;
  } catch {
    return false;
  }
}
