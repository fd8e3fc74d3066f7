import {
  AccountSnapshotMessage,
  AppButtonGroupMessage,
  AppCardMessage,
  AudioMessage,
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
  type BlazeMessageClass,
} from './blaze-message.dto.js';
import { MessageCategory as C, isEncryptedCategory, plainCategoryOf } from './categories.js';
import {
  AccountSnapshotPayload,
  AppButton,
  APP_BUTTON_GROUP_MAX,
  APP_BUTTON_GROUP_MIN,
  AppCardPayload,
  AudioPayload,
  ContactPayload,
  DataPayload,
  ImagePayload,
  LiveCardPayload,
  LocationPayload,
  PinPayload,
  RecallPayload,
  SafeSnapshotPayload,
  StickerPayload,
  SystemConversationPayload,
  TranscriptItem,
  VideoPayload,
} from './payloads/index.js';

/** A class with a no-argument constructor (what class-transformer instantiates). */
export type PayloadClass<T extends object = object> = new () => T;

/** How one category's `data` bytes become a payload. */
export type PayloadSpec =
  | { readonly kind: 'text'; readonly messageClass: BlazeMessageClass; readonly encrypted: boolean }
  | {
      readonly kind: 'object';
      readonly payloadClass: PayloadClass;
      readonly messageClass: BlazeMessageClass;
      readonly encrypted: boolean;
    }
  | {
      readonly kind: 'array';
      readonly payloadClass: PayloadClass;
      /** Fewest elements a bot may send; incoming arrays of any length are accepted. */
      readonly minItems: number;
      /** Most elements a bot may send. */
      readonly maxItems: number;
      readonly messageClass: BlazeMessageClass;
      readonly encrypted: boolean;
    }
  | { readonly kind: 'raw'; readonly messageClass: BlazeMessageClass; readonly encrypted: boolean };

const text = (messageClass: BlazeMessageClass): PayloadSpec => ({ kind: 'text', messageClass, encrypted: false });
const object = (payloadClass: PayloadClass, messageClass: BlazeMessageClass): PayloadSpec => ({
  kind: 'object',
  payloadClass,
  messageClass,
  encrypted: false,
});
const array = (payloadClass: PayloadClass, messageClass: BlazeMessageClass, minItems = 0, maxItems = Infinity): PayloadSpec => ({
  kind: 'array',
  payloadClass,
  minItems,
  maxItems,
  messageClass,
  encrypted: false,
});

/** The spec for categories this library does not model: keep the bytes. */
export const RAW_SPEC: PayloadSpec = Object.freeze({ kind: 'raw', messageClass: UnknownMessage, encrypted: false });

// Looked up once per message, so a Map keyed by the exact category string.
const REGISTRY = new Map<string, PayloadSpec>([
  [C.PLAIN_TEXT, text(TextMessage)],
  [C.PLAIN_POST, text(PostMessage)],
  [C.PLAIN_IMAGE, object(ImagePayload, ImageMessage)],
  [C.PLAIN_VIDEO, object(VideoPayload, VideoMessage)],
  [C.PLAIN_AUDIO, object(AudioPayload, AudioMessage)],
  [C.PLAIN_DATA, object(DataPayload, DataMessage)],
  [C.PLAIN_STICKER, object(StickerPayload, StickerMessage)],
  [C.PLAIN_CONTACT, object(ContactPayload, ContactMessage)],
  [C.PLAIN_LOCATION, object(LocationPayload, LocationMessage)],
  [C.PLAIN_LIVE, object(LiveCardPayload, LiveMessage)],
  [C.PLAIN_TRANSCRIPT, array(TranscriptItem, TranscriptMessage)],
  [C.APP_CARD, object(AppCardPayload, AppCardMessage)],
  [C.APP_BUTTON_GROUP, array(AppButton, AppButtonGroupMessage, APP_BUTTON_GROUP_MIN, APP_BUTTON_GROUP_MAX)],
  [C.MESSAGE_RECALL, object(RecallPayload, RecallMessage)],
  [C.MESSAGE_PIN, object(PinPayload, PinMessage)],
  [C.SYSTEM_CONVERSATION, object(SystemConversationPayload, SystemConversationMessage)],
  [C.SYSTEM_SAFE_SNAPSHOT, object(SafeSnapshotPayload, SafeSnapshotMessage)],
  [C.SYSTEM_SAFE_INSCRIPTION, object(SafeSnapshotPayload, SafeSnapshotMessage)],
  [C.SYSTEM_ACCOUNT_SNAPSHOT, object(AccountSnapshotPayload, AccountSnapshotMessage)],
]);

// ENCRYPTED_X decodes like PLAIN_X once decrypted (FOX `DecryptMessageCategory`).
for (const category of Object.values(C)) {
  if (!isEncryptedCategory(category)) continue;
  const plain = REGISTRY.get(plainCategoryOf(category));
  if (plain !== undefined) REGISTRY.set(category, Object.freeze({ ...plain, encrypted: true }));
}
for (const spec of REGISTRY.values()) Object.freeze(spec);

/** How to decode `category`; {@link RAW_SPEC} for anything not modelled. */
export function payloadSpecFor(category: string): PayloadSpec {
  return REGISTRY.get(category) ?? RAW_SPEC;
}

/** Categories with a registered decoder (PLAIN_*, APP_*, MESSAGE_*, SYSTEM_* and ENCRYPTED_* ones). */
export function modelledCategories(): string[] {
  return [...REGISTRY.keys()];
}
