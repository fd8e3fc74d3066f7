import { randomBytes, randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { decodeFrame, FrameDecodeError, type FrameLimits } from './frame-codec.js';
import { scanFramePrefix } from './json-prefix-scan.js';
import { frameCeiling, inflatePrefix, recoverUnreadable, RECOVERY_PREFIX_BYTES } from './unreadable-frame.js';

const LIMITS: FrameLimits = { maxCompressedBytes: 64 * 1024, maxInflatedBytes: 1024 * 1024 };
const MIB = 1024 * 1024;

/** A push shaped as Mixin's Go server writes it: id, action, then data with the ids before the payload. */
function push(payload: string, action = 'CREATE_MESSAGE', messageId = randomUUID()): { bytes: Buffer; messageId: string } {
  const data = { type: 'message', conversation_id: 'c-1', user_id: 'u-1', session_id: 's-1', message_id: messageId, category: 'PLAIN_TEXT', data: payload };
  return { bytes: gzipSync(JSON.stringify({ id: randomUUID(), action, data }), { level: 3 }), messageId };
}

function rejection(bytes: Buffer): FrameDecodeError {
  try {
    decodeFrame(bytes, LIMITS);
  } catch (err) {
    return err as FrameDecodeError;
  }
  throw new Error('the frame decoded');
}

describe('scanFramePrefix', () => {
  it('reads the top-level id and action and the ids of data, from a prefix cut anywhere', () => {
    const text = '{"id":"f1","action":"CREATE_MESSAGE","data":{"type":"message","message_id":"m1","category":"PLAIN_TEXT","data":"AAAA';
    expect(scanFramePrefix(text)).toEqual({ id: 'f1', action: 'CREATE_MESSAGE', data: { message_id: 'm1', category: 'PLAIN_TEXT' } });
    // Cut inside a value: that value is not taken half-read.
    expect(scanFramePrefix('{"action":"CREATE_MESSAGE","data":{"message_id":"m1","category":"PLAI').data).toEqual({ message_id: 'm1' });
  });

  it('takes no look-alike: keys in params, in nested objects or inside strings do not count', () => {
    const text =
      '{"id":"x","action":"CREATE_MESSAGE","params":{"message_id":"params"},' +
      '"data":{"quote":"\\"message_id\\":\\"in-a-string\\"","nested":{"message_id":"nested"},"list":[{"message_id":"in-list"}],"message_id":"real"}}';
    expect(scanFramePrefix(text).data).toEqual({ message_id: 'real' });
  });

  it('reads only the first data object, unescapes values, and cuts long ones', () => {
    const long = 'x'.repeat(10_000);
    const text = `{"action":"CREATE_\\u004dESSAGE","data":{"category":"${long}"},"data":{"message_id":"second"}}`;
    const found = scanFramePrefix(text);
    expect(found.action).toBe('CREATE_MESSAGE');
    expect(found.data.category).toHaveLength(256);
    expect(found.data.message_id).toBeUndefined();
  });

  it('is linear and flat: 100k-deep nesting costs one step per character, no recursion', () => {
    const deep = `{"action":"CREATE_MESSAGE","x":${'['.repeat(100_000)}`;
    expect(scanFramePrefix(deep)).toEqual({ action: 'CREATE_MESSAGE', data: {} });
    expect(scanFramePrefix('')).toEqual({ data: {} });
    expect(scanFramePrefix(']]]}}}"')).toEqual({ data: {} });
  });
});

describe('inflatePrefix', () => {
  it('inflates a bounded prefix of a frame far larger than the bound, compressible or not', () => {
    for (const payload of [randomBytes(3 * MIB).toString('base64'), 'A'.repeat(16 * MIB)]) {
      const { bytes, messageId } = push(payload);
      const prefix = inflatePrefix(bytes);
      expect(prefix.length).toBeLessThanOrEqual(RECOVERY_PREFIX_BYTES + 16 * 1024);
      expect(prefix.toString('utf8')).toContain(messageId);
    }
  });

  it('returns what it could for garbage or a cut gzip, without throwing', () => {
    expect(inflatePrefix(Buffer.from('not gzip at all'))).toHaveLength(0);
    const { bytes, messageId } = push('hello');
    expect(inflatePrefix(bytes.subarray(0, bytes.length - 12)).toString('utf8')).toContain(messageId);
  });
});

describe('recoverUnreadable', () => {
  it('names the message of a frame over maxFrameBytes', () => {
    const { bytes, messageId } = push(randomBytes(200 * 1024).toString('base64'));
    const error = rejection(bytes);
    expect(error.reason).toBe('too-large');
    expect(recoverUnreadable(error, bytes, LIMITS)?.message).toEqual({
      messageId,
      conversationId: 'c-1',
      category: 'PLAIN_TEXT',
      userId: 'u-1',
      reason: `frame of ${bytes.length} bytes exceeds maxFrameBytes (65536)`,
      frameBytes: bytes.length,
    });
  });

  it('names the message of a frame that inflates past maxInflatedFrameBytes', () => {
    const { bytes, messageId } = push('A'.repeat(4 * MIB), 'CREATE_CALL');
    const error = rejection(bytes);
    expect(error.reason).toBe('inflated-too-large');
    const recovered = recoverUnreadable(error, bytes, LIMITS);
    expect(recovered?.message).toMatchObject({ messageId, reason: 'frame inflates past maxInflatedFrameBytes (1048576)' });
  });

  it('hands on nothing for pushes that are not messages, or frames that are garbage rather than too large', () => {
    const receipt = push('A'.repeat(4 * MIB), 'ACKNOWLEDGE_MESSAGE_RECEIPT');
    expect(recoverUnreadable(rejection(receipt.bytes), receipt.bytes, LIMITS)).toEqual({ fields: expect.objectContaining({ action: 'ACKNOWLEDGE_MESSAGE_RECEIPT' }) });
    const garbage = Buffer.from('garbage');
    expect(recoverUnreadable(rejection(garbage), garbage, LIMITS)).toBeUndefined();
  });

  it('recovers no id placed after a payload longer than the prefix', () => {
    const json = `{"id":"f","action":"CREATE_MESSAGE","data":{"data":"${'A'.repeat(MIB)}","message_id":"${randomUUID()}"}}`;
    const bytes = gzipSync(json);
    expect(recoverUnreadable(rejection(bytes), bytes, LIMITS)?.message).toMatchObject({ messageId: undefined, reason: expect.stringContaining('maxInflatedFrameBytes') });
  });
});

describe('frameCeiling', () => {
  it('is 64 MiB for the defaults, 16 × maxFrameBytes up to 256 MiB, never below maxFrameBytes', () => {
    expect(frameCeiling(1 * MIB)).toBe(64 * MIB);
    expect(frameCeiling(64 * 1024)).toBe(64 * MIB);
    expect(frameCeiling(8 * MIB)).toBe(128 * MIB);
    expect(frameCeiling(64 * MIB)).toBe(256 * MIB);
    expect(frameCeiling(1024 * MIB)).toBe(1024 * MIB);
  });
});
