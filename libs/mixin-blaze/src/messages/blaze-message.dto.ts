import { Expose, Transform } from 'class-transformer';
import { IsBoolean, IsDate, IsInt, IsNotEmpty, IsOptional, IsString, Min } from 'class-validator';
import type { MessageCategoryName } from './categories.js';
import type {
  AccountSnapshotPayload,
  AppButton,
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
import { IsMixinId, IsOptionalMixinId } from './payloads/validators.js';
import { parseRfc3339 } from './rfc3339.js';

// Sources send "" for "no quote" / "no representative"; the DTO uses undefined
// for both so `msg.quoteMessageId ?? …` and `if (msg.quoteMessageId)` agree.
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' || value === null ? undefined : value);
// Optional envelope fields may arrive as null (DART `BlazeMessageData` types them nullable);
// the DTO types say `?: T`, so null comes out as undefined.
const nullToUndefined = ({ value }: { value: unknown }) => (value === null ? undefined : value);
// An unparseable value is kept as-is so @IsDate reports it instead of a silent Invalid Date.
const toDate = ({ value }: { value: unknown }) => parseRfc3339(value) ?? value;
const toDateIfSet = ({ value }: { value: unknown }) =>
  value === undefined || value === null || value === '' ? undefined : (parseRfc3339(value) ?? value);

/**
 * An incoming message: the envelope of a MessageView (`data` of a CREATE_MESSAGE
 * frame) with its decoded `payload`. Decoders return one of the typed subclasses
 * below; a bare `BlazeMessage<T>` comes back only when the caller supplied its own
 * payload class.
 */
export class BlazeMessage<P = unknown> {
  @Expose({ name: 'message_id' }) @IsMixinId() messageId: string;
  @Expose({ name: 'conversation_id' }) @IsMixinId() conversationId: string;
  /** The account that sent it (or the bot, for its own echoed messages). */
  @Expose({ name: 'user_id' }) @IsMixinId() userId: string;
  @Expose() @IsString() @IsNotEmpty() category: MessageCategoryName;
  @Expose({ name: 'session_id' }) @Transform(emptyToUndefined, { toClassOnly: true }) @IsOptionalMixinId() sessionId?: string;
  /** `"LIST_PENDING_MESSAGES"` for backlog, `"CREATE_MESSAGE"` or absent for live messages; `null` reads as absent. */
  @Expose() @Transform(nullToUndefined, { toClassOnly: true }) @IsOptional() @IsString() source?: string;
  /** `SENT`, `DELIVERED` or `READ`; `null` reads as absent. */
  @Expose() @Transform(nullToUndefined, { toClassOnly: true }) @IsOptional() @IsString() status?: string;
  /** Quoted message; `undefined` when the wire has `""`. */
  @Expose({ name: 'quote_message_id' })
  @Transform(emptyToUndefined, { toClassOnly: true })
  @IsOptionalMixinId()
  quoteMessageId?: string;
  /** Real author when a bot posts on a user's behalf; `undefined` when the wire has `""`. */
  @Expose({ name: 'representative_id' })
  @Transform(emptyToUndefined, { toClassOnly: true })
  @IsOptionalMixinId()
  representativeId?: string;
  /** `null` reads as absent. */
  @Expose() @Transform(nullToUndefined, { toClassOnly: true }) @IsOptional() @IsBoolean() silent?: boolean;
  /** Disappearing-message timer in seconds; 0 means none; `null` reads as absent. */
  @Expose({ name: 'expire_in' }) @Transform(nullToUndefined, { toClassOnly: true }) @IsOptional() @IsInt() @Min(0) expireIn?: number;
  @Expose({ name: 'created_at' }) @Transform(toDate, { toClassOnly: true }) @IsDate() createdAt: Date;
  @Expose({ name: 'updated_at' }) @Transform(toDateIfSet, { toClassOnly: true }) @IsOptional() @IsDate() updatedAt?: Date;
  /** Decoded `data`: text, a payload instance, an array of them, or raw bytes. */
  payload: P;

  /** Who wrote the message: `representativeId` when set, else `userId` (DART `senderId`). */
  get senderId(): string {
    return this.representativeId ? this.representativeId : this.userId;
  }
}

// Typed subclasses add no fields: they narrow `payload` and `category` for TypeScript (so two
// message classes are never interchangeable, and a union of them narrows on `category`) and let
// handlers branch with `instanceof`. `declare` keeps them from re-defining the field.
// They must stay decorator-free: the decoder transforms and validates the envelope
// as BlazeMessage and only then copies it onto the subclass.

/** PLAIN_TEXT / ENCRYPTED_TEXT. */
export class TextMessage extends BlazeMessage<string> { declare payload: string; declare category: 'PLAIN_TEXT' | 'ENCRYPTED_TEXT'; }
/** PLAIN_POST / ENCRYPTED_POST (Markdown). */
export class PostMessage extends BlazeMessage<string> { declare payload: string; declare category: 'PLAIN_POST' | 'ENCRYPTED_POST'; }
/** PLAIN_IMAGE / ENCRYPTED_IMAGE. */
export class ImageMessage extends BlazeMessage<ImagePayload> { declare payload: ImagePayload; declare category: 'PLAIN_IMAGE' | 'ENCRYPTED_IMAGE'; }
/** PLAIN_VIDEO / ENCRYPTED_VIDEO. */
export class VideoMessage extends BlazeMessage<VideoPayload> { declare payload: VideoPayload; declare category: 'PLAIN_VIDEO' | 'ENCRYPTED_VIDEO'; }
/** PLAIN_AUDIO / ENCRYPTED_AUDIO. */
export class AudioMessage extends BlazeMessage<AudioPayload> { declare payload: AudioPayload; declare category: 'PLAIN_AUDIO' | 'ENCRYPTED_AUDIO'; }
/** PLAIN_DATA / ENCRYPTED_DATA. */
export class DataMessage extends BlazeMessage<DataPayload> { declare payload: DataPayload; declare category: 'PLAIN_DATA' | 'ENCRYPTED_DATA'; }
/** PLAIN_STICKER / ENCRYPTED_STICKER. */
export class StickerMessage extends BlazeMessage<StickerPayload> { declare payload: StickerPayload; declare category: 'PLAIN_STICKER' | 'ENCRYPTED_STICKER'; }
/** PLAIN_CONTACT / ENCRYPTED_CONTACT. */
export class ContactMessage extends BlazeMessage<ContactPayload> { declare payload: ContactPayload; declare category: 'PLAIN_CONTACT' | 'ENCRYPTED_CONTACT'; }
/** PLAIN_LOCATION / ENCRYPTED_LOCATION. */
export class LocationMessage extends BlazeMessage<LocationPayload> { declare payload: LocationPayload; declare category: 'PLAIN_LOCATION' | 'ENCRYPTED_LOCATION'; }
/** PLAIN_LIVE / ENCRYPTED_LIVE. */
export class LiveMessage extends BlazeMessage<LiveCardPayload> { declare payload: LiveCardPayload; declare category: 'PLAIN_LIVE' | 'ENCRYPTED_LIVE'; }
/** APP_CARD. */
export class AppCardMessage extends BlazeMessage<AppCardPayload> { declare payload: AppCardPayload; declare category: 'APP_CARD'; }
/** APP_BUTTON_GROUP. */
export class AppButtonGroupMessage extends BlazeMessage<AppButton[]> { declare payload: AppButton[]; declare category: 'APP_BUTTON_GROUP'; }
/** MESSAGE_RECALL. */
export class RecallMessage extends BlazeMessage<RecallPayload> { declare payload: RecallPayload; declare category: 'MESSAGE_RECALL'; }
/** MESSAGE_PIN. */
export class PinMessage extends BlazeMessage<PinPayload> { declare payload: PinPayload; declare category: 'MESSAGE_PIN'; }
/** SYSTEM_CONVERSATION. */
export class SystemConversationMessage extends BlazeMessage<SystemConversationPayload> {
  declare payload: SystemConversationPayload; declare category: 'SYSTEM_CONVERSATION';
}
/** SYSTEM_SAFE_SNAPSHOT and SYSTEM_SAFE_INSCRIPTION. */
export class SafeSnapshotMessage extends BlazeMessage<SafeSnapshotPayload> { declare payload: SafeSnapshotPayload; declare category: 'SYSTEM_SAFE_SNAPSHOT' | 'SYSTEM_SAFE_INSCRIPTION'; }
/** SYSTEM_ACCOUNT_SNAPSHOT (legacy transfers). */
export class AccountSnapshotMessage extends BlazeMessage<AccountSnapshotPayload> {
  declare payload: AccountSnapshotPayload; declare category: 'SYSTEM_ACCOUNT_SNAPSHOT';
}
/** PLAIN_TRANSCRIPT / ENCRYPTED_TRANSCRIPT. */
export class TranscriptMessage extends BlazeMessage<TranscriptItem[]> { declare payload: TranscriptItem[]; declare category: 'PLAIN_TRANSCRIPT' | 'ENCRYPTED_TRANSCRIPT'; }
/**
 * Any category this library does not model (SIGNAL_*, PLAIN_JSON, WEBRTC_*, SYSTEM_USER…)
 * and ENCRYPTED_* when no decrypt function was given: `payload` is the raw `data` bytes.
 */
export class UnknownMessage extends BlazeMessage<Buffer> { declare payload: Buffer; }

/** Constructor of {@link BlazeMessage} or one of its subclasses. */
export type BlazeMessageClass = new () => BlazeMessage<any>;
