import 'reflect-metadata';

export { MixinBlazeModule } from './mixin-blaze.module.js';
export { MIXIN_BLAZE_OPTIONS } from './mixin-blaze.module-definition.js';
export { MixinBlazeService } from './mixin-blaze.service.js';
export { InjectMixinBlaze, getMixinBlazeOptionsToken, getMixinBlazeToken } from './nest/bot-tokens.js';
export type { MixinBlazeModuleExtras } from './nest/bot-module.js';
export {
  DEFAULT_OPTIONS,
  type AckTransport,
  type BackoffPolicy,
  type DeadLetterPolicy,
  type InvalidMessageInfo,
  type RetryPolicy,
  type SendFallback,
  type MixinBlazeModuleOptions,
  type BlazeMetricsOptions,
} from './mixin-blaze.options.js';
export { MixinBlazeHealthIndicator, type MixinBlazeHealthOptions, type MixinBlazeHealthResult } from './observability/mixin-blaze-health-indicator.js';
export type { BlazeHealthSnapshot } from './observability/blaze-probe.js';
export { MixinBlazeError } from './util/mixin-blaze.error.js';
export { BlazeOptionsError } from './options/blaze-options.error.js';
export { readKeystoreFile } from './auth/keystore-file.js';
export type { LegacyEd25519Keystore, MixinKeystore } from './auth/keystore.js';
export { KeystoreError } from './auth/keystore.error.js';
export { OnMessage, type HandledCategory, type OnMessageDecorator, type OnMessageOptions } from './nest/on-message.decorator.js';
export { OnDeadLetter, type OnDeadLetterOptions } from './nest/on-dead-letter.decorator.js';
export type { AnyCategory, CategoryMessageMap, MessageFor, MixinCategory, SendPayloadMap, WirePayload } from './messages/category-map.js';
export { UnlistedCategory, unlistedCategory } from './messages/unlisted-category.js';
export { Ctx, Message, Payload } from './nest/param.decorator.js';
export { BLAZE_CONTEXT_TYPE, isBlazeContext } from './nest/blaze-context-type.js';
export { BLAZE_MESSAGE } from './mixin-blaze.constants.js';
export { ANY_CATEGORY } from './dispatch/handler-registry.js';
export type { DeadLetter } from './dispatch/dead-letter.js';
export { SkipAck } from './dispatch/skip-ack.js';
export { BlazeContext } from './dispatch/blaze-context.js';
export { HandlerTimeoutError } from './dispatch/handler-timeout.error.js';
export type { DispatcherStats as BlazeStats } from './dispatch/blaze-dispatcher.js';
export type { BlazeConnectionState } from './transport/connection-state.js';
export type { ClusterOptions, RedisConnectionOptions } from './cluster/cluster-options.js';
export type { ClusterStats } from './cluster/cluster-node.js';
export type { ClusterRole } from './cluster/leader-role.js';
export { BlazeConnectionError } from './transport/blaze-connection.error.js';
export { BlazeRequestError } from './transport/blaze-request.error.js';
export { MixinApiError } from './api/mixin-api.error.js';
export type { OutgoingMessage, SendTextOptions } from './sending/outgoing-message.js';
export { OutgoingPayloadError } from './sending/outgoing-payload.error.js';
export { SendManyError, SENDABLE_CATEGORIES, isSendableCategory, type SendableCategory } from './sending/index.js';
export { derivedMessageId, uniqueConversationId } from './util/uuid.js';
export * from './messages/index.js';
