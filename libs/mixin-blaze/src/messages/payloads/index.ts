export { AccountSnapshotPayload } from './account-snapshot.payload.js';
export { AppButton, APP_BUTTON_GROUP_MAX, APP_BUTTON_GROUP_MIN, HEX_COLOR } from './app-button.payload.js';
export { AppCardAction, AppCardCover, AppCardPayload } from './app-card.payload.js';
export { AudioPayload } from './audio.payload.js';
export { ContactPayload } from './contact.payload.js';
export { DataPayload } from './data.payload.js';
export { ImagePayload } from './image.payload.js';
export { LiveCardPayload } from './live-card.payload.js';
export { LocationPayload } from './location.payload.js';
export { PIN_ACTIONS, PinPayload, type PinAction } from './pin.payload.js';
export { RecallPayload } from './recall.payload.js';
export { SafeSnapshotPayload } from './safe-snapshot.payload.js';
export { StickerPayload } from './sticker.payload.js';
export {
  PARTICIPANT_ROLES,
  SystemConversationAction,
  SystemConversationPayload,
} from './system-conversation.payload.js';
export { TranscriptItem } from './transcript-item.payload.js';
export { VideoPayload } from './video.payload.js';
export { IsIntOrIntString, IsMixinId, IsOptionalMixinId } from './validators.js';
export { INCOMING, OUTGOING } from './directions.js';
