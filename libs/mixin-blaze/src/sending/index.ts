export { OutgoingPayloadError, type OutgoingMessage, type SendTextOptions } from './outgoing-message.js';
export { SENDABLE_CATEGORIES, isSendableCategory, type SendableCategory } from './sendable-categories.js';
export { SendManyError } from './send-many.error.js';
