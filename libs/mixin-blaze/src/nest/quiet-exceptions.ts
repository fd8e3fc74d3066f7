import type { ArgumentsHost } from '@nestjs/common';
import type { ExternalContextCreator } from '@nestjs/core';

/** The part of Nest's ExternalExceptionsHandler this file uses (public methods in Nest 11 and 12). */
interface ExceptionsHandler {
  next(exception: unknown, host: ArgumentsHost): unknown;
  invokeCustomFilters(exception: unknown, host: ArgumentsHost): unknown;
}

interface FilterContext {
  create(...args: unknown[]): ExceptionsHandler;
}

const quiet = new WeakMap<ExternalContextCreator, ExternalContextCreator>();

/**
 * `contexts`, except that an exception no filter handles is rethrown without Nest's default
 * external filter logging it (`ERROR [ExceptionsHandler]` with the stack, on every attempt).
 * Exception filters run as before: method, class and global ones (`useGlobalFilters`,
 * `APP_FILTER`), chosen by Nest; one that returns a value still handles the exception. The
 * engine logs the failure itself: one warn line per attempt, and the stack once, at the dead letter.
 *
 * Nest has no option for this, so the copy swaps its private `filtersContextCreator` (the same
 * field in Nest 11 and 12); should a later Nest rename it, this returns `contexts` unchanged, which
 * costs only the extra log lines.
 */
export function quietExceptions(contexts: ExternalContextCreator): ExternalContextCreator {
  const known = quiet.get(contexts);
  if (known) return known;
  const filters = (contexts as unknown as { filtersContextCreator?: FilterContext }).filtersContextCreator;
  if (typeof filters?.create !== 'function') return contexts;
  const copy = Object.create(contexts) as ExternalContextCreator;
  const quietFilters: FilterContext = {
    create: (...args) => {
      const handler = filters.create(...args);
      if (typeof handler?.invokeCustomFilters !== 'function') return handler;
      handler.next = (exception, host) => {
        const result = handler.invokeCustomFilters(exception, host);
        // No filter took it (Nest 12 says so with undefined, Nest 11 with null): rethrow, unlogged.
        if (result === undefined || result === null) throw exception;
        return result;
      };
      return handler;
    },
  };
  Object.defineProperty(copy, 'filtersContextCreator', { value: quietFilters });
  quiet.set(contexts, copy);
  return copy;
}
