/**
 * The official SDK as its users run it: `@mixin.dev/mixin-node-sdk/blaze`'s `websocket()` with
 * `{ parse: true, syncAck: true }` (one ACKNOWLEDGE_MESSAGE_RECEIPT frame per message, after the
 * handler). Its `BlazeKeystoreClient` loop hardcodes wss://blaze.mixin.one, so this does what that
 * loop does on open: send LIST_PENDING_MESSAGES with the SDK's own `sendRaw` (docs/protocol.md §7).
 */
import { randomUUID } from 'node:crypto';
import { sendRaw, websocket } from '@mixin.dev/mixin-node-sdk/blaze';
import type WebSocket from 'ws';
import { endpointFromEnv, OrderTracker, runContender } from '../shared.js';

const endpoint = endpointFromEnv();
const tracker = new OrderTracker();
let ws: WebSocket | undefined;

interface SdkMessage {
  category: string;
  data: unknown;
}

function connect(): Promise<void> {
  return new Promise((resolve, reject) => {
    const onMessage = async (msg: SdkMessage) => {
      if (msg.category === 'PLAIN_TEXT') tracker.record(String(msg.data));
    };
    const socket = websocket(endpoint.keystore, endpoint.blazeUrl, { onMessage: onMessage as never }, { parse: true, syncAck: true });
    ws = socket;
    socket.on('open', () => {
      void sendRaw(socket, { id: randomUUID(), action: 'LIST_PENDING_MESSAGES' });
      resolve();
    });
    socket.on('error', (err) => reject(err));
  });
}

runContender({
  name: 'official-sdk',
  tracker,
  connect,
  stop: async () => {
    ws?.terminate();
  },
});
