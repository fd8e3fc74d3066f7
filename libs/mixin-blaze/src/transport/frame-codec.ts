import { gunzipSync, gzipSync } from 'node:zlib';

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
export class FrameDecodeError extends Error {
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
const GZIP_LEVEL = 3;

/** Serialises and gzips one frame. */
export function encodeFrame(frame: BlazeFrame): Buffer {
  return gzipSync(Buffer.from(JSON.stringify(frame), 'utf8'), { level: GZIP_LEVEL });
}

/** Inflates and parses one frame, refusing anything over the limits. */
export function decodeFrame(bytes: Buffer, limits: FrameLimits): BlazeFrame {
  if (bytes.length > limits.maxCompressedBytes) {
    throw new FrameDecodeError(`frame of ${bytes.length} bytes exceeds ${limits.maxCompressedBytes}`, 'too-large');
  }
  let text: string;
  try {
    text = gunzipSync(bytes, { maxOutputLength: limits.maxInflatedBytes }).toString('utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') {
      throw new FrameDecodeError(`frame inflates past ${limits.maxInflatedBytes} bytes`, 'inflated-too-large');
    }
    throw new FrameDecodeError(`frame is not gzip (${code ?? (err as Error).message})`, 'not-gzip');
  }
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
