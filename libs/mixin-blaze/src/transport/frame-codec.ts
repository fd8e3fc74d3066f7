import { gunzipSync, gzipSync } from 'node:zlib';
import { gzipStored } from './gzip-stored.js';
import { MixinBlazeError } from '../util/mixin-blaze.error.js';

/** One Blaze frame: the JSON object inside every gzip-compressed binary websocket frame. */
export interface BlazeFrame {
  id: string;
  action: string;
  params?: Record<string, unknown>;
  data?: unknown;
  error?: BlazeFrameError;
}

/** The `error` object the server puts on a failed reply or an `ERROR` push. */
export interface BlazeFrameError {
  status?: number;
  code: number;
  description?: string;
  extra?: unknown;
}

/** Why an inbound frame could not be read; never thrown past the connection. */
export class FrameDecodeError extends MixinBlazeError {
  constructor(
    message: string,
    readonly reason: 'too-large' | 'not-gzip' | 'inflated-too-large' | 'not-json' | 'not-a-frame',
  ) {
    super(message);
    this.name = 'FrameDecodeError';
  }
}

/** Size limits for inbound frames, both before and after inflating. */
export interface FrameLimits {
  maxCompressedBytes: number;
  maxInflatedBytes: number;
}

// Level 3 matches the Go SDKs: most of the ratio for a fraction of the CPU.
const LARGE = { level: 3 };
// A 1 KiB window holds all of a small frame, so it compresses the same with far less zlib memory.
const SMALL = { level: 3, windowBits: 10, memLevel: 2 };
const SMALL_LIMIT = 1024;

/**
 * Serialises and gzips one frame the bot sends. Frames up to 1 KiB (acks, list requests, most
 * replies) go in a stored gzip block: valid gzip for any reader, without a zlib stream per frame.
 */
export function encodeFrame(frame: BlazeFrame): Buffer {
  return encodeFrameText(JSON.stringify(frame));
}

/** `encodeFrame` for a frame already serialised (hot paths build their JSON from a template). */
export function encodeFrameText(json: string): Buffer {
  // A UTF-8 byte is at most 3 per UTF-16 unit, so short text is small without measuring it.
  if (json.length * 3 <= SMALL_LIMIT || Buffer.byteLength(json, 'utf8') <= SMALL_LIMIT) return gzipStored(json);
  return gzipSync(json, LARGE);
}

/** Serialises and deflates one frame as Mixin's server does: every frame compressed. */
export function encodeDeflatedFrame(frame: BlazeFrame): Buffer {
  const json = Buffer.from(JSON.stringify(frame), 'utf8');
  return gzipSync(json, json.length <= SMALL_LIMIT ? SMALL : LARGE);
}

/** Inflates and parses one frame, refusing anything over the limits. */
export function decodeFrame(bytes: Buffer, limits: FrameLimits): BlazeFrame {
  return parseFrame(inflateFrame(bytes, limits).toString('utf8'));
}

/**
 * zlib's output piece size for an expected `bytes` of output: all of it in one piece, within
 * 16 KiB (zlib's default) and 8 MiB. zlib's default pieces, concatenated, cost a malloc each, and
 * for megabyte frames that fragments the C heap: RSS grows and stays (docs/performance.md §2).
 */
export function outputChunk(bytes: number): number {
  return Math.min(Math.max(bytes, 16 * 1024), 8 * 1024 * 1024);
}

/**
 * The inflated size a gzip member's trailer declares (RFC 1952 ISIZE), believed only as far as
 * deflate can expand (at most 1032:1): a hostile trailer must not size an 8 MiB buffer for a tiny
 * frame. zlib checks the real size anyway; this only sizes buffers.
 */
export function plausibleInflatedSize(frame: Buffer): number {
  if (frame.length < 18) return 0;
  return Math.min(frame.readUInt32LE(frame.length - 4), frame.length * 1032);
}

/** Inflates one frame to its JSON bytes, refusing anything over the limits. */
export function inflateFrame(bytes: Buffer, limits: FrameLimits): Buffer {
  if (bytes.length > limits.maxCompressedBytes) {
    throw new FrameDecodeError(`frame of ${bytes.length} bytes exceeds ${limits.maxCompressedBytes}`, 'too-large');
  }
  try {
    // The gzip trailer declares the inflated size (RFC 1952 ISIZE); zlib checks it, we only size a buffer by it.
    const declared = plausibleInflatedSize(bytes);
    return gunzipSync(bytes, { maxOutputLength: limits.maxInflatedBytes, chunkSize: outputChunk(Math.min(declared, limits.maxInflatedBytes)) });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') {
      throw new FrameDecodeError(`frame inflates past ${limits.maxInflatedBytes} bytes`, 'inflated-too-large');
    }
    throw new FrameDecodeError(`frame is not gzip (${typeof code === 'string' ? code.slice(0, 40) : 'unknown error'})`, 'not-gzip');
  }
}

/** Parses the JSON text of one inflated frame. */
export function parseFrame(text: string): BlazeFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new FrameDecodeError('frame is not valid JSON', 'not-json');
  }
  if (value === null || typeof value !== 'object' || typeof (value as BlazeFrame).action !== 'string') {
    throw new FrameDecodeError('frame has no action', 'not-a-frame');
  }
  return value as BlazeFrame;
}
