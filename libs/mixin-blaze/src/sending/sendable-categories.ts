import { MessageCategory as C } from '../messages/categories.js';

/**
 * Categories a bot may send: DOC `api/messages/category.md` limits bots to `PLAIN_*`
 * (minus PLAIN_JSON, which is device-to-device sync) plus APP_CARD, APP_BUTTON_GROUP
 * and MESSAGE_RECALL.
 */
export const SENDABLE_CATEGORIES = [
  C.PLAIN_TEXT,
  C.PLAIN_POST,
  C.PLAIN_IMAGE,
  C.PLAIN_VIDEO,
  C.PLAIN_AUDIO,
  C.PLAIN_DATA,
  C.PLAIN_STICKER,
  C.PLAIN_CONTACT,
  C.PLAIN_LOCATION,
  C.PLAIN_LIVE,
  C.PLAIN_TRANSCRIPT,
  C.APP_CARD,
  C.APP_BUTTON_GROUP,
  C.MESSAGE_RECALL,
] as const;

/** One of {@link SENDABLE_CATEGORIES}. */
export type SendableCategory = (typeof SENDABLE_CATEGORIES)[number];

const SENDABLE: ReadonlySet<string> = new Set(SENDABLE_CATEGORIES);

/** True when bots may send `category` with a validated payload. */
export function isSendableCategory(category: string): category is SendableCategory {
  return SENDABLE.has(category);
}
