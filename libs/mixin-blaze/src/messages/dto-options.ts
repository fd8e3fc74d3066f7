import type { ClassTransformOptions } from 'class-transformer';
import type { ValidatorOptions } from 'class-validator';
import { INCOMING, OUTGOING } from './payloads/directions.js';

// Errors never carry the target or the value: payloads can be private and errors end up in logs.
const BASE_VALIDATION: ValidatorOptions = { forbidUnknownValues: true, validationError: { target: false, value: false } };

/**
 * How the library's payload classes are built from wire JSON when decoding: only `@Expose`d
 * fields, plus the incoming-only conversions (numeric strings to numbers, null to undefined).
 * Unknown wire keys are added afterwards by `keepExtras`, which guards what it copies.
 */
export const INCOMING_TRANSFORM: ClassTransformOptions = Object.freeze({ excludeExtraneousValues: true, groups: [INCOMING] });

/** How payloads are built and written when sending: only `@Expose`d fields, no conversions. */
export const OUTGOING_TRANSFORM: ClassTransformOptions = Object.freeze({ excludeExtraneousValues: true });

/**
 * Incoming validation: the rules without a group (shared by both directions) plus the
 * `incoming` ones. `always: true` is what keeps the ungrouped rules in when a group is named.
 */
export const INCOMING_VALIDATION: ValidatorOptions = Object.freeze({ ...BASE_VALIDATION, groups: [INCOMING], always: true });

/** Outgoing validation: the shared rules plus the `outgoing` ones. */
export const OUTGOING_VALIDATION: ValidatorOptions = Object.freeze({ ...BASE_VALIDATION, groups: [OUTGOING], always: true });

/** A caller's own DTO (`payloadClass`): validated with every rule it declares, as class-validator does by default. */
export const USER_VALIDATION: ValidatorOptions = Object.freeze({ ...BASE_VALIDATION });
