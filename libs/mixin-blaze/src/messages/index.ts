export {
  MessageCategory,
  TEXT_CATEGORIES,
  isEncryptedCategory,
  plainCategoryOf,
  type MessageCategoryName,
} from './categories.js';
export * from './payloads/index.js';
export {
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
  type BlazeMessageClass,
} from './blaze-message.dto.js';
export { modelledCategories, payloadSpecFor, type PayloadClass, type PayloadSpec } from './payload-registry.js';
export { decodeMessageView, type DecodeOptions } from './message-decoder.js';
export { MAX_PAYLOAD_DEPTH } from './json-guard.js';
export { MessageDecodeError, type DecodeIssue, type MessageDecodeStage } from './message-decode.error.js';
export { parseRfc3339 } from './rfc3339.js';
export {
  createMessageDecryptor,
  decryptMessageData,
  encryptMessageData,
  x25519PrivateKeyFromSeed,
  x25519PublicKeyFromSeed,
  type EncryptionRecipient,
  type MessageKeyOwner,
} from './encrypted-message.js';
export { EncryptedMessageError } from './encrypted-message.error.js';
