/**
 * What the engine logs through. Nest's `Logger` fits it; the engine takes it from outside so that
 * it imports nothing from Nest and runs in unit tests with plain objects.
 */
export interface EngineLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string, stack?: string): void;
  debug(message: string): void;
}
