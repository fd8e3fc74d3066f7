import { Expose } from 'class-transformer';
import { IsNumber, Max, Min } from 'class-validator';
import { SENT } from './directions.js';
import { LenientNumber, OptionalString } from './wire-fields.js';

/**
 * `PLAIN_LOCATION` payload (WGS 84 degrees). Incoming, either coordinate may be absent: FOX
 * `messages.go LocationMessage` has `omitempty`, so a point on the equator or the prime
 * meridian arrives without that coordinate, and Android (`websocket/LocationPayload.kt`,
 * Gson) reads the missing one as 0. Numeric strings (Gson reads quoted numbers) become numbers;
 * no range is checked. Outgoing, both are required numbers within range.
 */
export class LocationPayload {
  @Expose() @LenientNumber() @IsNumber({}, SENT) @Min(-180, SENT) @Max(180, SENT) longitude?: number;
  @Expose() @LenientNumber() @IsNumber({}, SENT) @Min(-90, SENT) @Max(90, SENT) latitude?: number;
  @Expose() @OptionalString() name?: string;
  @Expose() @OptionalString() address?: string;
  /** Foursquare venue category id (Android and DART `venue_type`). */
  @Expose({ name: 'venue_type' }) @OptionalString() venueType?: string;
}
