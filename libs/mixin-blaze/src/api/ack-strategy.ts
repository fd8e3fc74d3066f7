import type { AckTransport, ResolvedBlazeOptions } from '../mixin-blaze.options.js';
import type { AckBatching, AckSender } from './ack-batcher.js';
import type { MixinHttpClient } from './mixin-http-client.js';

/** One way of sending acknowledgements: how a batch goes out, and the batching that suits it. */
export interface AckStrategy {
  readonly transport: AckTransport;
  readonly batching: AckBatching;
  /** Puts one batch on the wire; resolves once the server accepted every ack in it. */
  readonly send: AckSender;
}

/**
 * What socket acks need from the connection (`BlazeConnection` has it). Acks sit to the right of
 * the transport in the flow (docs/architecture.md), so they see this much of it and no more.
 */
export interface SocketAckChannel {
  /** False while the socket is closed, reconnecting or paused for back-pressure. */
  readonly canRequest: boolean;
  /** One ACKNOWLEDGE_MESSAGE_RECEIPT per id; resolves once every one was answered. */
  acknowledge(messageIds: string[]): Promise<void>;
}

export type AckOptions = Pick<ResolvedBlazeOptions, 'ackTransport' | 'ackBatchSize' | 'ackFlushIntervalMs' | 'ackConcurrency'>;

/** `POST /acknowledgements` with up to `ackBatchSize` acks each (docs/protocol.md §4), batched as the options say. */
export function httpAckStrategy(http: MixinHttpClient, options: AckOptions): AckStrategy {
  return {
    transport: 'http',
    batching: { batchSize: options.ackBatchSize, flushIntervalMs: options.ackFlushIntervalMs, concurrency: options.ackConcurrency },
    send: async (ids) => {
      await http.request('POST', '/acknowledgements', ids.map((id) => ({ message_id: id, status: 'READ' })));
    },
  };
}

/** Socket acks take at least this many batches in flight (docs/performance.md §4). */
export const SOCKET_ACK_MIN_CONCURRENCY = 16;

/**
 * One ACKNOWLEDGE_MESSAGE_RECEIPT frame per message while the socket can take requests, and HTTP
 * otherwise, so acks keep landing through reconnects and back-pressure pauses. Frames cost the
 * same alone or together, so a batch only gathers the acks of one event-loop turn
 * (`flushIntervalMs` 0) and leaves in one write; at least {@link SOCKET_ACK_MIN_CONCURRENCY} such
 * batches may wait for their replies at once. `ackBatchSize` still bounds a batch, which matters
 * when it falls back to HTTP.
 */
export function socketAckStrategy(channel: SocketAckChannel, http: MixinHttpClient, options: AckOptions): AckStrategy {
  const fallback = httpAckStrategy(http, options);
  return {
    transport: 'socket',
    batching: { batchSize: options.ackBatchSize, flushIntervalMs: 0, concurrency: Math.max(options.ackConcurrency, SOCKET_ACK_MIN_CONCURRENCY) },
    send: async (ids) => {
      if (!channel.canRequest) return fallback.send(ids);
      await channel.acknowledge(ids);
    },
  };
}

/** The strategy the `ackTransport` option names. */
export function createAckStrategy(options: AckOptions, channels: { http: MixinHttpClient; socket: SocketAckChannel }): AckStrategy {
  return options.ackTransport === 'socket' ? socketAckStrategy(channels.socket, channels.http, options) : httpAckStrategy(channels.http, options);
}
