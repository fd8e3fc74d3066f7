import { createAckStrategy, httpAckStrategy, socketAckStrategy, SOCKET_ACK_MIN_CONCURRENCY, type AckOptions, type SocketAckChannel } from './ack-strategy.js';
import type { MixinHttpClient } from './mixin-http-client.js';

const OPTIONS: AckOptions = { ackTransport: 'http', ackBatchSize: 100, ackFlushIntervalMs: 100, ackConcurrency: 4 };
const IDS = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'];

function fakes(canRequest: boolean) {
  const posts: Array<{ method: string; path: string; body: unknown }> = [];
  const frames: string[][] = [];
  const http = {
    request: async (method: string, path: string, body: unknown) => void posts.push({ method, path, body }),
  } as unknown as MixinHttpClient;
  const socket: SocketAckChannel = { canRequest, acknowledge: async (ids) => void frames.push(ids) };
  return { http, socket, posts, frames };
}

describe('ack strategies', () => {
  it('http: the batching the options give, and one POST /acknowledgements of READ receipts per batch', async () => {
    const { http, posts } = fakes(true);
    const acks = httpAckStrategy(http, OPTIONS);
    expect(acks.batching).toEqual({ batchSize: 100, flushIntervalMs: 100, concurrency: 4 });
    await acks.send(IDS);
    expect(posts).toEqual([{ method: 'POST', path: '/acknowledgements', body: IDS.map((id) => ({ message_id: id, status: 'READ' })) }]);
  });

  it('socket: batches of one event-loop turn, at least 16 in flight, the configured size', () => {
    const { http, socket } = fakes(true);
    expect(socketAckStrategy(socket, http, OPTIONS).batching).toEqual({ batchSize: 100, flushIntervalMs: 0, concurrency: SOCKET_ACK_MIN_CONCURRENCY });
    expect(socketAckStrategy(socket, http, { ...OPTIONS, ackConcurrency: 40, ackBatchSize: 10 }).batching).toEqual({ batchSize: 10, flushIntervalMs: 0, concurrency: 40 });
  });

  it('socket: frames while the socket can take requests, HTTP while it cannot', async () => {
    const open = fakes(true);
    await socketAckStrategy(open.socket, open.http, OPTIONS).send(IDS);
    expect({ frames: open.frames, posts: open.posts.length }).toEqual({ frames: [IDS], posts: 0 });

    const down = fakes(false);
    await socketAckStrategy(down.socket, down.http, OPTIONS).send(IDS);
    expect({ frames: down.frames.length, posts: down.posts.map((p) => p.path) }).toEqual({ frames: 0, posts: ['/acknowledgements'] });
  });

  it('socket: a failed frame write rejects the batch (the batcher retries it)', async () => {
    const { http } = fakes(true);
    const broken: SocketAckChannel = {
      canRequest: true,
      acknowledge: () => {
        throw new Error('write failed');
      },
    };
    await expect(socketAckStrategy(broken, http, OPTIONS).send(IDS)).rejects.toThrow('write failed');
  });

  it('the ackTransport option picks the strategy', () => {
    const { http, socket } = fakes(true);
    expect(createAckStrategy(OPTIONS, { http, socket }).transport).toBe('http');
    expect(createAckStrategy({ ...OPTIONS, ackTransport: 'socket' }, { http, socket }).transport).toBe('socket');
  });
});
