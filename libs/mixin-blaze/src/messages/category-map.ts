import type {
  AccountSnapshotMessage,
  AppButtonGroupMessage,
  AppCardMessage,
  AudioMessage,
  BlazeMessage,
  ContactMessage,
  DataMessage,
  ImageMessage,
  LiveMessage,
  LocationMessage,
  PinMessage,
  PostMessage,
  RecallMessage,
  SafeSnapshotMessage,
  StickerMessage,
  SystemConversationMessage,
  TextMessage,
  TranscriptMessage,
  UnknownMessage,
  VideoMessage,
} from './blaze-message.dto.js';
import type { MessageCategory } from './categories.js';
import type { UnlistedCategory } from './unlisted-category.js';
import type {
  AppButton,
  AppCardPayload,
  AudioPayload,
  ContactPayload,
  DataPayload,
  ImagePayload,
  LiveCardPayload,
  LocationPayload,
  RecallPayload,
  StickerPayload,
  TranscriptItem,
  VideoPayload,
} from './payloads/index.js';

/**
 * The message class each known category decodes to. `ENCRYPTED_*` decode like their `PLAIN_*`
 * twin once decrypted; categories the library does not model arrive as `UnknownMessage`.
 */
export interface CategoryMessageMap {
  PLAIN_TEXT: TextMessage;
  PLAIN_POST: PostMessage;
  PLAIN_IMAGE: ImageMessage;
  PLAIN_VIDEO: VideoMessage;
  PLAIN_AUDIO: AudioMessage;
  PLAIN_DATA: DataMessage;
  PLAIN_STICKER: StickerMessage;
  PLAIN_CONTACT: ContactMessage;
  PLAIN_LIVE: LiveMessage;
  PLAIN_LOCATION: LocationMessage;
  PLAIN_TRANSCRIPT: TranscriptMessage;
  PLAIN_JSON: UnknownMessage;
  APP_CARD: AppCardMessage;
  APP_BUTTON_GROUP: AppButtonGroupMessage;
  MESSAGE_RECALL: RecallMessage;
  MESSAGE_PIN: PinMessage;
  SYSTEM_CONVERSATION: SystemConversationMessage;
  SYSTEM_ACCOUNT_SNAPSHOT: AccountSnapshotMessage;
  SYSTEM_SAFE_SNAPSHOT: SafeSnapshotMessage;
  SYSTEM_SAFE_INSCRIPTION: SafeSnapshotMessage;
  SYSTEM_USER: UnknownMessage;
  SYSTEM_CIRCLE: UnknownMessage;
  SYSTEM_SESSION: UnknownMessage;
  ENCRYPTED_TEXT: TextMessage;
  ENCRYPTED_POST: PostMessage;
  ENCRYPTED_IMAGE: ImageMessage;
  ENCRYPTED_VIDEO: VideoMessage;
  ENCRYPTED_AUDIO: AudioMessage;
  ENCRYPTED_DATA: DataMessage;
  ENCRYPTED_STICKER: StickerMessage;
  ENCRYPTED_CONTACT: ContactMessage;
  ENCRYPTED_LIVE: LiveMessage;
  ENCRYPTED_LOCATION: LocationMessage;
  ENCRYPTED_TRANSCRIPT: TranscriptMessage;
  SIGNAL_KEY: UnknownMessage;
}

/** Every category the library knows: what `@OnMessage` accepts (besides `'*'`). */
export type MixinCategory = keyof CategoryMessageMap;

/** What `@OnMessage('*')` binds: every category without a handler of its own. */
export type AnyCategory = '*';

/**
 * The message a handler of `C` receives: a union for a list of categories, `UnknownMessage` for an
 * unlisted category, any message for `'*'`.
 */
export type MessageFor<C> = C extends MixinCategory ? CategoryMessageMap[C] : C extends UnlistedCategory ? UnknownMessage : BlazeMessage;

// The map and the runtime list of categories must name the same set: this line stops compiling
// when one gains a category the other lacks.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const CATEGORY_MAP_MATCHES_CATEGORIES: Same<MixinCategory, MessageCategory> = true;

/** What `send()` takes as `payload` for each category a bot may send. */
export interface SendPayloadMap {
  PLAIN_TEXT: string;
  PLAIN_POST: string;
  PLAIN_IMAGE: ImagePayload | WirePayload;
  PLAIN_VIDEO: VideoPayload | WirePayload;
  PLAIN_AUDIO: AudioPayload | WirePayload;
  PLAIN_DATA: DataPayload | WirePayload;
  PLAIN_STICKER: StickerPayload | WirePayload;
  PLAIN_CONTACT: ContactPayload | WirePayload;
  PLAIN_LOCATION: LocationPayload | WirePayload;
  PLAIN_LIVE: LiveCardPayload | WirePayload;
  PLAIN_TRANSCRIPT: ReadonlyArray<TranscriptItem | WirePayload>;
  APP_CARD: AppCardPayload | WirePayload;
  APP_BUTTON_GROUP: ReadonlyArray<AppButton | WirePayload>;
  MESSAGE_RECALL: RecallPayload | WirePayload;
}

/**
 * A JSON payload written the way it goes on the wire (snake_case keys, e.g.
 * `{ attachment_id, mime_type }`): any plain object. Not a string, not an array, not a Buffer.
 */
export type WirePayload = { readonly [key: string]: unknown } & { readonly length?: never; readonly byteLength?: never };
