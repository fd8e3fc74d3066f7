import { gunzipSync } from 'node:zlib';
import { decodeFrame, FrameDecodeError, parseFrame, type BlazeFrame, type FrameLimits } from './frame-codec.js';

/** One frame of a batch: what it decoded to, or why it could not be read. */
export type DecodedFrame = BlazeFrame | FrameDecodeError;

// A gzip member is at least a 10-byte header, an empty deflate block and the 8-byte trailer.
const MIN_MEMBER = 18;

/**
 * Inflates the frames of one socket read together, in order. Setting up a zlib stream costs more
 * than inflating a frame of a few hundred bytes, so one stream over the concatenated gzip members
 * (RFC 1952 allows several per stream, and Node's gunzip reads them all) does the work of many.
 *
 * Each member's trailer holds its inflated size, which zlib checks along with the CRC, so the
 * output splits back into frames exactly. Anything unexpected (a member that is not plain gzip, a
 * size over the limits, an error, or a length that does not add up) sends the whole batch down
 * the one-frame path, which gives every frame its own verdict, exactly as if it came alone.
 */
export function decodeFrameBatch(frames: Buffer[], limits: FrameLimits): DecodedFrame[] {
  if (frames.length === 1) return [decodeOne(frames[0], limits)];
  const sizes = new Array<number>(frames.length);
  let total = 0;
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i];
    if (f.length < MIN_MEMBER || f.length > limits.maxCompressedBytes || f[0] !== 0x1f || f[1] !== 0x8b) return oneByOne(frames, limits);
    const size = f.readUInt32LE(f.length - 4);
    if (size > limits.maxInflatedBytes) return oneByOne(frames, limits);
    sizes[i] = size;
    total += size;
  }
  let text: Buffer;
  try {
    text = gunzipSync(Buffer.concat(frames), { maxOutputLength: Math.max(total, 1) });
  } catch {
    return oneByOne(frames, limits);
  }
  if (text.length !== total) return oneByOne(frames, limits);
  const out = new Array<DecodedFrame>(frames.length);
  let at = 0;
  for (let i = 0; i < frames.length; i++) {
    out[i] = parseOne(text.toString('utf8', at, at + sizes[i]));
    at += sizes[i];
  }
  return out;
}

function oneByOne(frames: Buffer[], limits: FrameLimits): DecodedFrame[] {
  return frames.map((f) => decodeOne(f, limits));
}

function decodeOne(frame: Buffer, limits: FrameLimits): DecodedFrame {
  try {
    return decodeFrame(frame, limits);
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
