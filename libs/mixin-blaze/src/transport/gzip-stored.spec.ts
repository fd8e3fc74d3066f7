import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { encodeFrame, decodeFrame } from './frame-codec.js';
import { gzipStored, STORED_MAX } from './gzip-stored.js';

describe('gzipStored', () => {
  it('makes gzip that zlib reads back byte for byte, from empty up to the largest stored block', () => {
    for (const n of [0, 1, 200, 1024, 40_000, STORED_MAX]) {
      const data = randomBytes(n);
      const gz = gzipStored(data);
      expect(gz.length).toBe(n + 23);
      expect(gunzipSync(gz).equals(data)).toBe(true);
    }
  });

  it('carries a CRC that zlib checks: a flipped payload bit is refused', () => {
    const gz = gzipStored(Buffer.from('{"action":"LIST_PENDING_MESSAGES"}'));
    gz[20] ^= 1;
    expect(() => gunzipSync(gz)).toThrow(/incorrect data check/);
  });

  it('refuses more than one block holds', () => {
    expect(() => gzipStored(Buffer.alloc(STORED_MAX + 1))).toThrow(RangeError);
  });

  it('is what encodeFrame sends for small frames; larger frames are deflated', () => {
    const small = { id: crypto.randomUUID(), action: 'ACKNOWLEDGE_MESSAGE_RECEIPT', params: { message_id: crypto.randomUUID(), status: 'READ' } };
    const smallBytes = encodeFrame(small);
    expect(smallBytes[10]).toBe(1); // BFINAL with BTYPE 00: a stored block
    expect(decodeFrame(smallBytes, { maxCompressedBytes: 1 << 20, maxInflatedBytes: 1 << 20 })).toEqual(small);
    const large = { id: crypto.randomUUID(), action: 'CREATE_MESSAGE', params: { data: 'a'.repeat(4000) } };
    const largeBytes = encodeFrame(large);
    expect(largeBytes.length).toBeLessThan(500);
    expect(decodeFrame(largeBytes, { maxCompressedBytes: 1 << 20, maxInflatedBytes: 1 << 20 })).toEqual(large);
  });
});

describe('gzipStored with text', () => {
  it('writes the UTF-8 bytes of the text, the same as from a buffer', () => {
    const text = '{"id":"x","params":{"text":"héllo ✓ 😀"}}';
    expect(gzipStored(text).equals(gzipStored(Buffer.from(text, 'utf8')))).toBe(true);
    expect(gunzipSync(gzipStored(text)).toString('utf8')).toBe(text);
  });
});
