/** Metadata key of `@OnDeadLetter`, on the method function. */
export const ON_DEAD_LETTER_METADATA = 'mixin-blaze:on-dead-letter';

/** Options of `@OnDeadLetter`. */
export interface OnDeadLetterOptions {
  /** The bot (`MixinBlazeModule.forRoot({ name })`) whose dead letters this method takes. Default: the unnamed bot. */
  bot?: string;
}

/**
 * Marks a provider method that receives every dead letter (a `DeadLetter`): a message whose
 * handler failed on every attempt, or that could not be read (`kind: 'invalid'`). It runs before
 * the message is acknowledged (or left, with `deadLetter: 'leave'`); if it throws, the message is
 * left un-acknowledged.
 */
export function OnDeadLetter(options: OnDeadLetterOptions = {}): MethodDecorator {
  return (_target, _key, descriptor) => {
    Reflect.defineMetadata(ON_DEAD_LETTER_METADATA, options, descriptor.value as object);
    return descriptor;
  };
}
