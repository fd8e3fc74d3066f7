import { gzipSync } from 'node:zlib';
import { decodeFrameBatch, type DecodedFrame } from './frame-batch.js';
import { decodeFrame, encodeDeflatedFrame, encodeFrame, FrameDecodeError, type FrameLimits } from './frame-codec.js';

const LIMITS: FrameLimits = { maxCompressedBytes: 64 * 1024, maxInflatedBytes: 256 * 1024 };

function push(n: number): Buffer {
  return encodeDeflatedFrame({ id: `f-${n}`, action: 'CREATE_MESSAGE', data: { message_id: `m-${n}`, text: 'é'.repeat(n % 7) } });
}

/** What each frame decodes to on its own: the verdict a batch must reproduce. */
function alone(frame: Buffer): DecodedFrame {
  try {
    return decodeFrame(frame, LIMITS);
  } catch (err) {
    return err as FrameDecodeError;
  }
}

function verdicts(results: DecodedFrame[]): unknown[] {
  return results.map((r) => (r instanceof FrameDecodeError ? `error:${r.reason}` : r));
}

describe('decodeFrameBatch', () => {
  it('decodes a batch of well-formed frames in order, deflated and stored alike', () => {
    const frames = Array.from({ length: 120 }, (_, i) => (i % 3 === 0 ? encodeFrame({ id: `s-${i}`, action: 'ACKNOWLEDGE_MESSAGE_RECEIPT' }) : push(i)));
    const results = decodeFrameBatch(frames, LIMITS);
    expect(verdicts(results)).toEqual(verdicts(frames.map(alone)));
    expect(results.every((r) => !(r instanceof FrameDecodeError))).toBe(true);
  });

  it('gives a frame whose gzip is sound but whose JSON is not its own error, and the rest their frames', () => {
    const frames = [push(1), gzipSync('{"action": '), push(2), gzipSync('[1,2]'), push(3)];
    expect(verdicts(decodeFrameBatch(frames, LIMITS))).toEqual([
      verdicts([alone(frames[0])])[0],
      'error:not-json',
      verdicts([alone(frames[2])])[0],
      'error:not-a-frame',
      verdicts([alone(frames[4])])[0],
    ]);
  });

  // Each of these breaks the batch path; the result must be exactly what one-by-one decoding says.
  const broken: Array<[string, () => Buffer]> = [
    ['not gzip at all', () => Buffer.from('definitely not gzip, but long enough')],
    ['too short to be gzip', () => Buffer.from([0x1f, 0x8b, 8])],
    ['truncated gzip', () => push(9).subarray(0, 30)],
    ['a lying size in the trailer', () => {
      const f = Buffer.from(push(9));
      f.writeUInt32LE(f.readUInt32LE(f.length - 4) + 5, f.length - 4);
      return f;
    }],
    ['a corrupted payload', () => {
      const f = Buffer.from(push(9));
      f[f.length - 12] ^= 0xff;
      return f;
    }],
    ['trailing garbage after the member', () => Buffer.concat([push(9), Buffer.from('garbage')])],
    ['trailing zero bytes after the member', () => Buffer.concat([push(9), Buffer.alloc(8)])],
    ['two gzip members in one frame', () => Buffer.concat([gzipSync('{"action":"A",'), gzipSync('"id":"x"}')])],
    ['a frame that inflates past the limit', () => gzipSync(Buffer.alloc(LIMITS.maxInflatedBytes + 1, 0x20))],
    ['a frame over the compressed limit', () => Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.alloc(LIMITS.maxCompressedBytes)])],
  ];
  it.each(broken)('with %s among good frames, every frame gets the verdict it gets alone', (_name, make) => {
    const bad = make();
    const frames = [push(1), push(2), bad, push(3)];
    const results = decodeFrameBatch(frames, LIMITS);
    expect(verdicts(results)).toEqual(verdicts(frames.map(alone)));
    expect(results.filter((r) => !(r instanceof FrameDecodeError)).map((r) => (r as { id: string }).id)).toEqual(
      expect.arrayContaining(['f-1', 'f-2', 'f-3']),
    );
  });

  it('decodes a single frame as decodeFrame does, errors included', () => {
    expect(verdicts(decodeFrameBatch([push(4)], LIMITS))).toEqual(verdicts([alone(push(4))]));
    expect(verdicts(decodeFrameBatch([Buffer.from('nope')], LIMITS))).toEqual(['error:not-gzip']);
  });
});
