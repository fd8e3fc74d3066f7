import { Expose } from 'class-transformer';
import { IsNotEmpty, IsString, Length, Matches } from 'class-validator';
import { SENT } from './directions.js';
import { LenientString } from './wire-fields.js';

/** `#RRGGBB`, the only colour form every client draws. */
export const HEX_COLOR = /^#[0-9A-Fa-f]{6}$/;

/**
 * Limits for sending an `APP_BUTTON_GROUP`: DOC says 1–6 buttons, GO `SendGroupAppButton`
 * accepts up to 18. Incoming groups of any size are accepted: Android and Flutter draw them all.
 */
export const APP_BUTTON_GROUP_MIN = 1;
export const APP_BUTTON_GROUP_MAX = 18;

/**
 * One button of an `APP_BUTTON_GROUP` message (the payload is an array of these); also the
 * shape of an app card's actions.
 *
 * Incoming, every field is an optional string, kept as sent: GO `blaze.go AppButtonView` has no
 * omitempty, so an unset colour arrives as `"color": ""`; FOX `AppButtonMessage` omits it; and
 * clients draw colour names, `#RGB` or bad values as a default colour (Android
 * `util/ColorUtil.java`, Flutter `utils/color_utils.dart colorHex`). Treat `""` like absent.
 * Outgoing, the label is 1–36 characters, the colour `#RRGGBB` and the action non-empty.
 */
export class AppButton {
  @Expose() @LenientString() @IsString(SENT) @Length(1, 36, SENT) label?: string;
  @Expose()
  @LenientString()
  @IsString(SENT)
  @Matches(HEX_COLOR, { ...SENT, message: '$property must be a #RRGGBB colour' })
  color?: string;
  /** Usually a URL or `input:` command; clients decide what they open. */
  @Expose() @LenientString() @IsString(SENT) @IsNotEmpty(SENT) action?: string;
}
