import { crc32 } from 'node:zlib';

// ID1 ID2, CM=8 (deflate), no flags, no mtime, XFL=0, OS=255 (unknown): RFC 1952 §2.3.
const HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
/** The largest payload one stored deflate block can carry (RFC 1951 §3.2.4). */
export const STORED_MAX = 0xffff;

/**
 * Wraps `data` (bytes, or text as UTF-8) in a gzip member holding one stored (uncompressed) deflate block. Every gzip
 * reader accepts it, and it costs a checksum and a copy instead of a zlib stream: for frames of a
 * few hundred bytes (acks, list requests) the set-up of a zlib stream costs more than deflating
 * saves, and such frames barely compress anyway (docs/performance.md §5).
 */
export function gzipStored(data: Buffer | string): Buffer {
  // A string is written straight into the frame: no intermediate buffer per frame.
  const n = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.length;
  if (n > STORED_MAX) throw new RangeError(`a stored gzip block holds at most ${STORED_MAX} bytes, not ${n}`);
  const out = Buffer.allocUnsafe(HEADER.length + 5 + n + 8);
  HEADER.copy(out, 0);
  let at = HEADER.length;
  out[at++] = 1; // BFINAL=1, BTYPE=00 (stored)
  out.writeUInt16LE(n, at);
  out.writeUInt16LE(~n & 0xffff, at + 2);
  at += 4;
  if (typeof data === 'string') out.write(data, at, 'utf8');
  else data.copy(out, at);
  out.writeUInt32LE(crc32(out.subarray(at, at + n)), at + n);
  out.writeUInt32LE(n, at + n + 4);
  return out;
}
