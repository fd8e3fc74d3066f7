import { IsUUID, ValidateBy, ValidateIf, buildMessage, type ValidationOptions } from 'class-validator';

// Mixin ids are not all RFC 4122 v4 (conversation ids are md5-based v3, some
// legacy ids carry no version bits), so only the 8-4-4-4-12 hex shape is checked.
const ANY_UUID = 'loose';

/** A Mixin id: any 8-4-4-4-12 hex UUID, whatever its version nibble. */
export function IsMixinId(options?: ValidationOptions): PropertyDecorator {
  return IsUUID(ANY_UUID, options);
}

/**
 * An optional Mixin id where sources send `""` for "none" (e.g. `participant_id`
 * of a conversation UPDATE, `opponent_id` of a deposit): absent, null and `""`
 * pass, anything else must be a UUID.
 */
export function IsOptionalMixinId(options?: ValidationOptions): PropertyDecorator {
  const present = ValidateIf((_obj: unknown, value: unknown) => value !== undefined && value !== null && value !== '', options);
  const uuid = IsUUID(ANY_UUID, options);
  return (target, key) => {
    present(target, key);
    uuid(target, key);
  };
}

/**
 * An integer, or a string holding one. For fields that some clients store as
 * text (Flutter keeps a transcript item's `media_duration` as a string column).
 */
export function IsIntOrIntString(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIntOrIntString',
      validator: {
        validate: (value: unknown) =>
          (typeof value === 'number' && Number.isInteger(value)) || (typeof value === 'string' && INT_STRING.test(value)),
        defaultMessage: buildMessage((each) => `${each}$property must be an integer or an integer string`, options),
      },
    },
    options,
  );
}

const INT_STRING = /^-?\d+$/;
