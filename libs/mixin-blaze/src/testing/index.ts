/** Public surface of `nestjs-mixin-blaze/testing`: the Blaze emulator and its helpers. */
export { useEmulator, type OverridableTestingModule, type UseEmulatorOptions } from './use-emulator.js';
export { BlazeEmulator, type RawFrameOptions } from './blaze-emulator.js';
export { EmulatorFaults, type StreamRecord } from './emulator-faults.js';
export { EmulatorSocketFaults, type OnOpenFault } from './emulator-socket-faults.js';
export { uniqueConversationId, DEFAULT_USER_ID } from './emulator-ids.js';
export { generateTestKeystore, type TestKeystore } from './test-keystore.js';
export type {
  AckRecord,
  BlazeEmulatorEvents,
  BlazeEmulatorOptions,
  EmulatorModuleOptions,
  FailureOptions,
  MessageView,
  RefusalRecord,
  SentRecord,
  TokenRecord,
  UserSendOptions,
} from './emulator-types.js';
export { samplePayload, SAMPLE_IDS } from './message-fixtures.js';
export { playgroundReporting, PlaygroundInterceptor, type PlaygroundReportingOptions } from './playground/playground-reporting.js';
export type { Playground, PlaygroundOptions, PlaygroundReport } from './playground/playground-types.js';
// For tests that feed ENCRYPTED_* messages: encrypt for the bot's session as a Mixin client would.
export { encryptMessageData, x25519PublicKeyFromSeed, type EncryptionRecipient } from '../messages/encrypted-message.js';
