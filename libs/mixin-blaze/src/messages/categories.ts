/**
 * Message categories seen on Blaze (docs/protocol.md §5). The server sends categories
 * outside this list too (SIGNAL_*, WEBRTC_*, KRAKEN_* variants), so code that reads
 * `message.category` must treat it as an open string; {@link MessageCategoryName}
 * keeps autocompletion without closing the set.
 */
export const MessageCategory = {
  PLAIN_TEXT: 'PLAIN_TEXT',
  PLAIN_POST: 'PLAIN_POST',
  PLAIN_IMAGE: 'PLAIN_IMAGE',
  PLAIN_VIDEO: 'PLAIN_VIDEO',
  PLAIN_AUDIO: 'PLAIN_AUDIO',
  PLAIN_DATA: 'PLAIN_DATA',
  PLAIN_STICKER: 'PLAIN_STICKER',
  PLAIN_CONTACT: 'PLAIN_CONTACT',
  PLAIN_LIVE: 'PLAIN_LIVE',
  PLAIN_LOCATION: 'PLAIN_LOCATION',
  PLAIN_TRANSCRIPT: 'PLAIN_TRANSCRIPT',
  PLAIN_JSON: 'PLAIN_JSON',

  APP_CARD: 'APP_CARD',
  APP_BUTTON_GROUP: 'APP_BUTTON_GROUP',

  MESSAGE_RECALL: 'MESSAGE_RECALL',
  MESSAGE_PIN: 'MESSAGE_PIN',

  SYSTEM_CONVERSATION: 'SYSTEM_CONVERSATION',
  SYSTEM_ACCOUNT_SNAPSHOT: 'SYSTEM_ACCOUNT_SNAPSHOT',
  SYSTEM_SAFE_SNAPSHOT: 'SYSTEM_SAFE_SNAPSHOT',
  SYSTEM_SAFE_INSCRIPTION: 'SYSTEM_SAFE_INSCRIPTION',
  SYSTEM_USER: 'SYSTEM_USER',
  SYSTEM_CIRCLE: 'SYSTEM_CIRCLE',
  SYSTEM_SESSION: 'SYSTEM_SESSION',

  ENCRYPTED_TEXT: 'ENCRYPTED_TEXT',
  ENCRYPTED_POST: 'ENCRYPTED_POST',
  ENCRYPTED_IMAGE: 'ENCRYPTED_IMAGE',
  ENCRYPTED_VIDEO: 'ENCRYPTED_VIDEO',
  ENCRYPTED_AUDIO: 'ENCRYPTED_AUDIO',
  ENCRYPTED_DATA: 'ENCRYPTED_DATA',
  ENCRYPTED_STICKER: 'ENCRYPTED_STICKER',
  ENCRYPTED_CONTACT: 'ENCRYPTED_CONTACT',
  ENCRYPTED_LIVE: 'ENCRYPTED_LIVE',
  ENCRYPTED_LOCATION: 'ENCRYPTED_LOCATION',
  ENCRYPTED_TRANSCRIPT: 'ENCRYPTED_TRANSCRIPT',

  SIGNAL_KEY: 'SIGNAL_KEY',
} as const;

/** One of the known category names. */
export type MessageCategory = (typeof MessageCategory)[keyof typeof MessageCategory];

/** A category as found on the wire: a known name or any other string. */
// `string & {}` stops TypeScript from collapsing the union into plain `string`.
export type MessageCategoryName = MessageCategory | (string & {});

/** Categories whose payload is UTF-8 text (POST is Markdown) rather than JSON. */
export const TEXT_CATEGORIES: ReadonlySet<string> = new Set<string>([
  MessageCategory.PLAIN_TEXT,
  MessageCategory.PLAIN_POST,
  MessageCategory.ENCRYPTED_TEXT,
  MessageCategory.ENCRYPTED_POST,
]);

const ENCRYPTED_PREFIX = 'ENCRYPTED_';
const PLAIN_PREFIX = 'PLAIN_';

/** True for `ENCRYPTED_*` categories, whose `data` must be decrypted first (docs/protocol.md §5.1). */
export function isEncryptedCategory(category: string): boolean {
  return category.startsWith(ENCRYPTED_PREFIX);
}

/** `ENCRYPTED_TEXT` → `PLAIN_TEXT`; other categories are returned unchanged. */
export function plainCategoryOf(category: string): string {
  return category.startsWith(ENCRYPTED_PREFIX)
    ? PLAIN_PREFIX + category.slice(ENCRYPTED_PREFIX.length)
    : category;
}
