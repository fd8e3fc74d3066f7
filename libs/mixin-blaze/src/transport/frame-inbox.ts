import { decodeFrameBatch, type DecodedFrame } from './frame-batch.js';
import { FrameDecodeError, type BlazeFrame, type FrameLimits, plausibleInflatedSize } from './frame-codec.js';

/** Where an inbox hands each frame, in the order the frames arrived. */
export interface FrameInboxHandlers {
  /** A decoded frame, with the size of its JSON text in bytes. */
  frame(frame: BlazeFrame, inflatedBytes: number): void;
  /** A frame that could not be decoded, with its bytes as received (too large ones can still be named). */
  malformed(error: FrameDecodeError, bytes: Buffer): void;
  /** A handler threw, or decoding failed outright; `frame` is set when one frame was at fault. */
  failed(error: unknown, frame?: BlazeFrame): void;
  /**
   * Asked before a large frame (over {@link SMALL_FRAME_BYTES} inflated) is decoded: false leaves it
   * undecoded and dropped. The read gate says false once it is shedding pushes while paused; only
   * pushes are that large, and shed pushes are listed again on the next connection.
   */
  admits?(inflatedBytes: number): boolean;
}

/** Inflated bytes decoded in one go: one socket read may hold hundreds of well-compressed frames. */
export const DECODE_CHUNK_BYTES = 4 * 1024 * 1024;
/** Frames up to this size are always decoded: replies, errors and small pushes. */
export const SMALL_FRAME_BYTES = 64 * 1024;

// The inflated size a gzip member declares in its trailer (RFC 1952 ISIZE); anything else counts
// as its own length, and the decoder gives it its verdict.
function declaredSize(frame: Buffer): number {
  return frame.length >= 18 && frame[0] === 0x1f && frame[1] === 0x8b ? plausibleInflatedSize(frame) : frame.length;
}

/**
 * Collects the binary frames of one socket read (ws emits them synchronously, one after the
 * other) and decodes them together in a microtask, so one zlib stream serves the whole read. The
 * read is decoded in chunks of at most {@link DECODE_CHUNK_BYTES} inflated bytes, each handed over
 * before the next is inflated, so that what one read costs in memory is bounded however well its
 * frames compress (a 64 KiB read can hold a hundred 5 MB messages of repetitive text).
 *
 * The microtask is where a throw would be an uncaught exception, and a decoded frame can carry
 * values that defeat even logging (an object whose toString is not callable), so every handler
 * call is contained: one bad frame costs that frame only.
 */
export class FrameInbox {
  private pending: Buffer[] = [];

  constructor(
    private readonly limits: FrameLimits,
    private readonly handlers: FrameInboxHandlers,
  ) {}

  push(bytes: Buffer): void {
    if (this.pending.push(bytes) === 1) queueMicrotask(this.flush);
  }

  /** Decodes and hands over what is pending now; call it before anything that must come after. */
  readonly flush = (): void => {
    const read = this.pending;
    if (read.length === 0) return;
    this.pending = [];
    let chunk: Buffer[] = [];
    let chunkBytes = 0;
    for (const frame of read) {
      const size = declaredSize(frame);
      if (size > SMALL_FRAME_BYTES && this.handlers.admits && !this.contained(() => this.handlers.admits!(size))) continue;
      if (chunk.length > 0 && chunkBytes + size > DECODE_CHUNK_BYTES) {
        this.decode(chunk);
        chunk = [];
        chunkBytes = 0;
      }
      chunk.push(frame);
      chunkBytes += size;
    }
    if (chunk.length > 0) this.decode(chunk);
  };

  private decode(batch: Buffer[]): void {
    let frames: DecodedFrame[];
    const sizes: number[] = [];
    try {
      frames = decodeFrameBatch(batch, this.limits, sizes);
    } catch (err) {
      return this.contain(() => this.handlers.failed(err));
    }
    for (let i = 0; i < frames.length; i++) {
      const frame = frames[i];
      if (frame instanceof FrameDecodeError) this.contain(() => this.handlers.malformed(frame, batch[i]));
      else
        try {
          this.handlers.frame(frame, sizes[i]);
        } catch (err) {
          this.contain(() => this.handlers.failed(err, frame));
        }
    }
  }

  // A throwing `admits` decodes the frame: when in doubt, read it.
  private contained(ask: () => boolean): boolean {
    try {
      return ask();
    } catch {
      return true;
    }
  }

  // Last line: even the failure report must not escape the microtask.
  private contain(report: () => void): void {
    try {
      report();
    } catch {
      /* nothing left that could report it */
    }
  }
}
