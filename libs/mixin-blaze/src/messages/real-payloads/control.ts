import { PinMessage, RecallMessage, SystemConversationMessage } from '../blaze-message.dto.js';
import { REAL_IDS as I, type RealPayload } from './real-payload.js';

/** MESSAGE_RECALL, MESSAGE_PIN and SYSTEM_CONVERSATION as senders and the server write them. */
export const CONTROL_PAYLOADS: RealPayload[] = [
  {
    name: 'Go SendRecallMessage',
    category: 'MESSAGE_RECALL',
    source: 'MixinNetwork/bot-api-go-client blaze.go SendRecallMessage (RecallMessagePayload)',
    payload: { message_id: I.otherMessage },
    messageClass: RecallMessage,
    expected: { messageId: I.otherMessage },
  },
  {
    name: 'Flutter PinMessagePayload: PIN',
    category: 'MESSAGE_PIN',
    source: 'MixinNetwork/flutter-app lib/blaze/vo/pin_message_payload.g.dart',
    payload: { action: 'PIN', message_ids: [I.otherMessage] },
    messageClass: PinMessage,
    expected: { action: 'PIN', messageIds: [I.otherMessage] },
  },
  {
    name: 'Android PinMessagePayload: UNPIN of several',
    category: 'MESSAGE_PIN',
    source: 'MixinNetwork/android-app app/src/main/java/one/mixin/android/websocket/PinMessagePayload.kt',
    payload: { action: 'UNPIN', message_ids: [I.otherMessage, I.message] },
    messageClass: PinMessage,
    expected: { action: 'UNPIN', messageIds: [I.otherMessage, I.message] },
  },
  {
    name: 'Go SystemConversationPayload: ADD, role omitted',
    category: 'SYSTEM_CONVERSATION',
    source: 'MixinNetwork/bot-api-go-client blaze.go SystemConversationPayload',
    payload: { action: 'ADD', participant_id: I.user, user_id: I.otherUser },
    messageClass: SystemConversationMessage,
    expected: { action: 'ADD', participantId: I.user, userId: I.otherUser, role: undefined },
  },
  {
    name: 'UPDATE with participant_id "" (Go: no omitempty)',
    category: 'SYSTEM_CONVERSATION',
    source: 'fox-one/mixin-sdk-go blaze.go SystemConversationPayload (ParticipantID without omitempty)',
    payload: { action: 'UPDATE', participant_id: '' },
    messageClass: SystemConversationMessage,
    expected: { action: 'UPDATE', participantId: '' },
  },
  {
    name: 'Android SystemConversationMessagePayload: EXPIRE with expire_in',
    category: 'SYSTEM_CONVERSATION',
    source: 'MixinNetwork/android-app app/src/main/java/one/mixin/android/websocket/SystemConversationMessagePayload.kt',
    payload: { action: 'EXPIRE', participant_id: '', user_id: I.user, expire_in: 86400 },
    messageClass: SystemConversationMessage,
    expected: { action: 'EXPIRE', expireIn: 86400 },
  },
  {
    name: 'Flutter SystemConversationMessage: ROLE, and nullable fields as null',
    category: 'SYSTEM_CONVERSATION',
    source: 'MixinNetwork/flutter-app lib/blaze/vo/system_conversation_message.g.dart (every field nullable)',
    payload: { action: 'ROLE', participant_id: I.user, user_id: null, role: 'ADMIN', expire_in: null },
    messageClass: SystemConversationMessage,
    expected: { action: 'ROLE', role: 'ADMIN', userId: undefined, expireIn: undefined },
  },
];
