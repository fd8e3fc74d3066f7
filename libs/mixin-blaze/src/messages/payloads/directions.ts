import type { ValidationOptions } from 'class-validator';

/**
 * class-validator / class-transformer group of the rules that only decoded (incoming) payloads
 * follow. Incoming rules are as lenient as the most lenient official client, because a real
 * message that fails them is lost (issue 9 §1, "Never reject a real message").
 */
export const INCOMING = 'incoming';

/**
 * Group of the rules that only payloads the bot sends follow. They stay stricter than incoming
 * ones where that keeps a bot from sending what clients cannot draw (e.g. a colour that is not
 * `#RRGGBB`, an image without its size).
 */
export const OUTGOING = 'outgoing';

/** Decorator options of a rule that applies to incoming payloads only. */
export const RECEIVED: ValidationOptions = Object.freeze({ groups: Object.freeze([INCOMING]) as string[] });

/** Decorator options of a rule that applies to outgoing payloads only. */
export const SENT: ValidationOptions = Object.freeze({ groups: Object.freeze([OUTGOING]) as string[] });
