import { Expose } from 'class-transformer';
import { IsNotEmpty, IsString, Length, Matches } from 'class-validator';

/** `#RRGGBB`, the only colour form the clients draw. */
export const HEX_COLOR = /^#[0-9A-Fa-f]{6}$/;

/** Limits for `APP_BUTTON_GROUP`: DOC says 1–6 buttons, GO accepts up to 18. */
export const APP_BUTTON_GROUP_MIN = 1;
export const APP_BUTTON_GROUP_MAX = 18;

/** One button of an `APP_BUTTON_GROUP` message (the payload is an array of these). */
export class AppButton {
  @Expose() @IsString() @Length(1, 36) label: string;
  @Expose() @IsString() @Matches(HEX_COLOR, { message: '$property must be a #RRGGBB colour' }) color: string;
  /** Usually a URL or `input:` command; clients decide what they open. */
  @Expose() @IsString() @IsNotEmpty() action: string;
}
