import 'reflect-metadata';

export { MixinBlazeModule } from './mixin-blaze.module.js';
export { MIXIN_BLAZE_OPTIONS } from './mixin-blaze.module-definition.js';
export { MixinBlazeService } from './mixin-blaze.service.js';
export {
  DEFAULT_OPTIONS,
  type AckTransport,
  type DeadLetterPolicy,
  type InvalidMessageInfo,
  type RetryPolicy,
  type SendFallback,
  type MixinBlazeModuleOptions,
} from './mixin-blaze.options.js';
export { BlazeOptionsError } from './options/options.error.js';
export { readKeystoreFile } from './auth/keystore-file.js';
export { KeystoreError, type LegacyEd25519Keystore, type MixinKeystore } from './auth/keystore.js';
export { OnMessage, ANY_CATEGORY, type OnMessageOptions } from './dispatch/on-message.decorator.js';
export { OnDeadLetter } from './dispatch/on-dead-letter.decorator.js';
export type { DeadLetter } from './dispatch/dead-letter.js';
export { SkipAck } from './dispatch/skip-ack.js';
export { BlazeContext, BLAZE_CONTEXT_TYPE, isBlazeContext } from './dispatch/blaze-context.js';
export { Ctx, Message, Payload } from './dispatch/param.decorators.js';
export { BLAZE_MESSAGE } from './dispatch/blaze-message.token.js';
export { HandlerTimeoutError } from './dispatch/handler-attempt.js';
export type { DispatcherStats as BlazeStats } from './dispatch/blaze.dispatcher.js';
export type { BlazeConnectionState } from './transport/connection-state.js';
export { BlazeConnectionError, BlazeRequestError } from './transport/blaze-errors.js';
export { MixinApiError } from './api/mixin-api.error.js';
export { OutgoingPayloadError, type OutgoingMessage, type SendTextOptions } from './sending/outgoing-message.js';
export { SendManyError, SENDABLE_CATEGORIES, isSendableCategory, type SendableCategory } from './sending/index.js';
export { derivedMessageId, uniqueConversationId } from './util/uuid.js';
export * from './messages/index.js';
