import type { AckTransport } from '../mixin-blaze.options.js';
import type { BlazeConnection } from '../transport/blaze-connection.js';
import type { AckSender } from './ack-batcher.js';
import type { MixinHttpClient } from './mixin-http-client.js';

/**
 * The function that puts one batch of acks on the wire. With the socket transport, acks go as
 * `ACKNOWLEDGE_MESSAGE_RECEIPT` frames while the socket is open and read, and fall back to HTTP
 * otherwise, so acks keep landing through reconnects and back-pressure pauses.
 */
export function createAckSender(transport: AckTransport, connection: BlazeConnection, http: MixinHttpClient): AckSender {
  const overHttp: AckSender = async (ids) => {
    await http.request('POST', '/acknowledgements', ids.map((id) => ({ message_id: id, status: 'READ' })));
  };
  if (transport === 'http') return overHttp;
  return async (ids) => {
    if (!connection.canRequest) return overHttp(ids);
    await connection.requestAll('ACKNOWLEDGE_MESSAGE_RECEIPT', ids.map((id) => `{"message_id":${JSON.stringify(id)},"status":"READ"}`));
  };
}
