import { gunzipSync } from 'node:zlib';
import { FrameDecodeError, inflateFrame, outputChunk, parseFrame, type BlazeFrame, type FrameLimits } from './frame-codec.js';

/** One frame of a batch: what it decoded to, or why it could not be read. */
export type DecodedFrame = BlazeFrame | FrameDecodeError;

// A gzip member is at least a 10-byte header, an empty deflate block and the 8-byte trailer.
const MIN_MEMBER = 18;

/**
 * Inflates the frames of one socket read together, in order. Setting up a zlib stream costs more
 * than inflating a frame of a few hundred bytes, so one stream over the concatenated gzip members
 * (RFC 1952 allows several per stream, and Node's gunzip reads them all) does the work of many
 * (docs/performance.md §2).
 *
 * Each member's trailer holds its inflated size, which zlib checks along with the CRC, so the
 * output splits back into frames exactly. Anything unexpected (a member that is not plain gzip, a
 * size over the limits, an error, or a length that does not add up) sends the whole batch down
 * the one-frame path, which gives every frame its own verdict, exactly as if it came alone.
 *
 * `sizes`, when given, receives the inflated size in bytes of each frame that inflated (what a
 * decoded frame costs to hold, give or take the parse).
 */
export function decodeFrameBatch(frames: Buffer[], limits: FrameLimits, sizes: number[] = []): DecodedFrame[] {
  if (frames.length === 1) return [decodeOne(frames[0], limits, sizes, 0)];
  let total = 0;
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i];
    if (f.length < MIN_MEMBER || f.length > limits.maxCompressedBytes || f[0] !== 0x1f || f[1] !== 0x8b) return oneByOne(frames, limits, sizes);
    const size = f.readUInt32LE(f.length - 4);
    // Over the limit, or more than deflate can expand to (a lying trailer): each frame gets its own verdict.
    if (size > limits.maxInflatedBytes || size > f.length * 1032) return oneByOne(frames, limits, sizes);
    sizes[i] = size;
    total += size;
  }
  let text: Buffer;
  try {
    text = gunzipSync(Buffer.concat(frames), { maxOutputLength: Math.max(total, 1), chunkSize: outputChunk(total) });
  } catch {
    return oneByOne(frames, limits, sizes);
  }
  if (text.length !== total) return oneByOne(frames, limits, sizes);
  const out = new Array<DecodedFrame>(frames.length);
  let at = 0;
  for (let i = 0; i < frames.length; i++) {
    out[i] = parseOne(text.toString('utf8', at, at + sizes[i]));
    at += sizes[i];
  }
  return out;
}

function oneByOne(frames: Buffer[], limits: FrameLimits, sizes: number[]): DecodedFrame[] {
  return frames.map((f, i) => decodeOne(f, limits, sizes, i));
}

function decodeOne(frame: Buffer, limits: FrameLimits, sizes: number[], i: number): DecodedFrame {
  try {
    const text = inflateFrame(frame, limits);
    sizes[i] = text.length;
    return parseFrame(text.toString('utf8'));
  } catch (err) {
    if (err instanceof FrameDecodeError) return err;
    throw err;
  }
}

function parseOne(text: string): DecodedFrame {
  try {
    return parseFrame(text);
  } catch (err) {
    if (err instanceof FrameDecodeError) return err;
    throw err;
  }
}
