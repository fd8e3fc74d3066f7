/**
 * The base of every error this library throws on purpose: `catch (err) { if (err instanceof
 * MixinBlazeError) ... }` tells ours from the rest. Each subclass names its own `name`.
 */
export class MixinBlazeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MixinBlazeError';
  }
}
