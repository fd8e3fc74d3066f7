import { Transform } from 'class-transformer';
import { IsBoolean, IsNumber, IsOptional, IsString, IsUUID, ValidateBy, ValidateIf, buildMessage } from 'class-validator';
import { registerAlias } from '../payload-extras.js';
import { INCOMING, RECEIVED, SENT } from './directions.js';

// Incoming field rules, one decorator per wire shape. They add nothing to the outgoing rules,
// which each payload class states next to them with the `SENT` options.
//
// Shared conventions, also stated on the DTOs:
// - absent and `null` both come out as `undefined` (DTO types say `?: T`, never `| null`);
// - `""` stays `""` for strings and ids (Go writes it for unset fields: no omitempty);
// - numbers may arrive as numeric strings and come out as numbers.

const INCOMING_ONLY = { toClassOnly: true, groups: [INCOMING] };

function all(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => decorators.forEach((decorate) => decorate(target, key));
}

function dropNull({ value }: { value: unknown }): unknown {
  return value === null ? undefined : value;
}

// Decimal notation (exponent allowed); the wire form may have surrounding blanks, an amount not.
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NUMERIC = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/**
 * A number as the wire may carry it: DART `JsonStringToInt` (mixin_bot_sdk_dart
 * `lib/src/util/json_int_converter.dart`) reads `"1024"`, and Gson (Android) reads quoted
 * numbers too. `null` and `""` mean "not given". Anything else is left for the validator.
 */
export function wireNumber(value: unknown): unknown {
  if (value === null || value === '') return undefined;
  if (typeof value === 'string' && NUMERIC.test(value)) return Number(value);
  return value;
}

/** Incoming: absent or null → undefined; otherwise a string (`""` included). */
export function LenientString(): PropertyDecorator {
  return all(Transform(dropNull, INCOMING_ONLY), IsOptional(RECEIVED), IsString(RECEIVED));
}

/** Incoming: absent, null or `""` → undefined; a numeric string → its number; otherwise a finite number. */
export function LenientNumber(): PropertyDecorator {
  return all(
    Transform(({ value }) => wireNumber(value), INCOMING_ONLY),
    IsOptional(RECEIVED),
    IsNumber({ allowNaN: false, allowInfinity: false }, { ...RECEIVED, message: '$property must be a number or a numeric string' }),
  );
}

/** Incoming: absent or null → undefined; `""` kept (Go's "none"); otherwise a UUID of any version. */
export function LenientId(): PropertyDecorator {
  return all(
    Transform(dropNull, INCOMING_ONLY),
    ValidateIf((_o, value) => value !== undefined && value !== null && value !== '', RECEIVED),
    IsUUID('loose', RECEIVED),
  );
}

/** Incoming: absent or null → undefined; otherwise a boolean. */
export function LenientBoolean(): PropertyDecorator {
  return all(Transform(dropNull, INCOMING_ONLY), IsOptional(RECEIVED), IsBoolean(RECEIVED));
}

/** Incoming: absent or null → undefined; otherwise anything (a nested object or list checked by its own rules). */
export function LenientValue(): PropertyDecorator {
  return all(Transform(dropNull, INCOMING_ONLY), IsOptional(RECEIVED));
}

/**
 * A decimal amount, kept as a string so no precision is lost. Incoming it may also be a JSON
 * number (NODE `TransferMessageRequest.amount: number`; Gson reads numbers into Android's
 * `amount: String`), which becomes its shortest string form (`0.5` → `"0.5"`).
 */
export function LenientDecimal(options: { optional: boolean }): PropertyDecorator {
  const toText = ({ value }: { value: unknown }) =>
    typeof value === 'number' && Number.isFinite(value) ? String(value) : value === null ? undefined : value;
  const decorators = [Transform(toText, INCOMING_ONLY), IsDecimalString(RECEIVED)];
  return all(...(options.optional ? [IsOptional(RECEIVED), ...decorators] : decorators));
}

/** A string holding a decimal number such as `"-12.5"` or `"1e-8"`. */
export function IsDecimalString(options = RECEIVED): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDecimalString',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && DECIMAL.test(value),
        defaultMessage: buildMessage((each) => `${each}$property must be a decimal number string`, options),
      },
    },
    options,
  );
}

/**
 * Reads a second wire spelling into the property when the first is absent (e.g. `wave_form`
 * for `waveform`), in both directions, and keeps that spelling out of the payload's extras.
 */
export function AlsoReads(wireKey: string): PropertyDecorator {
  return (target, key) => {
    registerAlias(target.constructor, wireKey);
    const read = ({ value, obj }: { value: unknown; obj: Record<string, unknown> }) => value ?? obj?.[wireKey] ?? undefined;
    Transform(read, { toClassOnly: true })(target, key);
  };
}

/** Outgoing only: absent, null, or a string. */
export function SentOptionalString(): PropertyDecorator {
  return all(IsOptional(SENT), IsString(SENT));
}

/** Optional in both directions: absent/null (→ undefined when incoming) or a string. */
export function OptionalString(): PropertyDecorator {
  return all(LenientString(), SentOptionalString());
}

/** Optional in both directions: absent/null (→ undefined when incoming) or a boolean. */
export function OptionalBoolean(): PropertyDecorator {
  return all(LenientBoolean(), IsOptional(SENT), IsBoolean(SENT));
}
