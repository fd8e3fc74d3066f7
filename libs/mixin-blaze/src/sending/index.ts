export type { OutgoingMessage, SendTextOptions } from './outgoing-message.js';
export { OutgoingPayloadError } from './outgoing-payload.error.js';
export { SENDABLE_CATEGORIES, isSendableCategory, type SendableCategory } from './sendable-categories.js';
export { SendManyError } from './send-many.error.js';
