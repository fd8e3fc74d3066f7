import { randomUUID } from 'node:crypto';
import { BlazeEmulator } from './blaze-emulator.js';
import { apiCall, signTestToken, withDeadline } from './spec-support.js';

describe('BlazeEmulator hostile HTTP faults', () => {
  let emu: BlazeEmulator;
  beforeEach(async () => {
    emu = await BlazeEmulator.start();
  });
  afterEach(() => emu.close());

  const ackBody = (...ids: string[]) => ids.map((id) => ({ message_id: id, status: 'READ' }));
  const call = (body: unknown) => apiCall(emu.apiUrl, emu.keystore, 'POST', '/acknowledgements', body);

  /** POST /acknowledgements with fetch, for the response headers and the body as a stream. */
  async function post(body: unknown, signal?: AbortSignal): Promise<Response> {
    const raw = JSON.stringify(body);
    const token = await signTestToken(emu.keystore, { method: 'POST', path: '/acknowledgements', body: raw });
    return fetch(`${emu.apiUrl}/acknowledgements`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: raw, signal });
  }

  /** Reads the body until `enough` bytes arrived, noting when each chunk came. */
  async function readUntil(res: Response, enough: number): Promise<{ bytes: number; times: number[] }> {
    const reader = res.body!.getReader();
    let bytes = 0;
    const times: number[] = [];
    while (bytes < enough) {
      const { value, done } = await reader.read();
      if (done) break;
      bytes += value.length;
      times.push(Date.now());
    }
    return { bytes, times };
  }

  it("failAcks({mode:'endless'}) answers 200 with a body that never ends, until the client goes away", async () => {
    emu.faults.failAcks({ mode: 'endless', count: 1 });
    const abort = new AbortController();
    const res = await post(ackBody(randomUUID()), abort.signal);
    expect(res.status).toBe(200);
    const { bytes } = await withDeadline(readUntil(res, 8 * 1024 * 1024), 10_000, '8 MiB of endless body');
    expect(bytes).toBeGreaterThanOrEqual(8 * 1024 * 1024);
    abort.abort();
    await emu.waitFor(() => emu.faults.streams[0]?.endedAt !== undefined, 2000, 'the stream to end');
    expect(emu.faults.streams).toEqual([expect.objectContaining({ kind: 'acks', mode: 'endless' })]);
    expect(emu.acks).toHaveLength(0);
    expect((await call(ackBody(randomUUID()))).status).toBe(200); // count 1: the next request is served
  });

  it("failAcks({mode:'trickle'}) sends one byte per interval and never ends; clearing the fault cuts it", async () => {
    emu.faults.failAcks({ mode: 'trickle', trickleMs: 50 });
    const res = await post(ackBody(randomUUID()));
    expect(res.status).toBe(200);
    const started = Date.now();
    const { bytes } = await withDeadline(readUntil(res, 3), 5000, 'three trickled bytes');
    expect(bytes).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2 * 50 - 10); // one byte per interval, not a burst
    emu.faults.failAcks(false);
    await emu.waitFor(() => emu.faults.streams[0]?.endedAt !== undefined, 2000, 'the stream to be cut');
    expect(emu.faults.streams[0]).toMatchObject({ mode: 'trickle', bytes: expect.any(Number) });
  });

  it('failAcks({status: 429, retryAfter}) sends the Retry-After header', async () => {
    emu.faults.failAcks({ status: 429, retryAfter: '2', count: 1 });
    const res = await post(ackBody(randomUUID()));
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(await res.json()).toEqual({ error: { status: 429, code: 429, description: 'injected failure' } });
  });

  it('refuseAckOf(id) refuses every batch containing that id with 10002 and acks none of it', async () => {
    const [bad, good] = [emu.userSendsText('bad'), emu.userSendsText('good')];
    emu.faults.refuseAckOf(bad.message_id);
    const refused = await call(ackBody(good.message_id, bad.message_id));
    expect(refused).toEqual({ status: 400, json: { error: { status: 400, code: 10002, description: 'acknowledgement 1: invalid request data' } } });
    expect(emu.acks).toHaveLength(0);
    expect(emu.refusals).toEqual([expect.objectContaining({ kind: 'ack', via: 'http', reason: `injected refuseAckOf(${bad.message_id})` })]);
    expect((await call(ackBody(good.message_id))).status).toBe(200);
    emu.faults.clear();
    expect((await call(ackBody(bad.message_id))).status).toBe(200);
    expect(emu.pending()).toEqual([]);
  });

  it('a batch with one non-UUID message_id is refused whole with 10002, as Mixin does', async () => {
    const ids = Array.from({ length: 99 }, () => randomUUID());
    const res = await call([...ackBody(...ids.slice(0, 50)), { message_id: 'not-a-uuid', status: 'READ' }, ...ackBody(...ids.slice(50))]);
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 10002, description: 'acknowledgement 50 needs a uuid message_id and a status' });
    expect(emu.acks).toHaveLength(0);
  });
});
