/** Metadata key of `@OnDeadLetter`, on the method function. */
export const ON_DEAD_LETTER_METADATA = 'mixin-blaze:on-dead-letter';

/**
 * Marks a provider method that receives every dead letter (a `DeadLetter`): a message whose
 * handler failed on every attempt. It runs before the message is acknowledged (or left, with
 * `deadLetter: 'leave'`); if it throws, the message is left un-acknowledged.
 */
export function OnDeadLetter(): MethodDecorator {
  return (_target, _key, descriptor) => {
    Reflect.defineMetadata(ON_DEAD_LETTER_METADATA, true, descriptor.value as object);
    return descriptor;
  };
}
