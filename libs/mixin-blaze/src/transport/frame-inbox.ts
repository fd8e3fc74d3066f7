import { decodeFrameBatch, type DecodedFrame } from './frame-batch.js';
import { FrameDecodeError, type BlazeFrame, type FrameLimits } from './frame-codec.js';

/** Where an inbox hands each frame, in the order the frames arrived. */
export interface FrameInboxHandlers {
  /** A decoded frame, with the size of its JSON text in bytes. */
  frame(frame: BlazeFrame, inflatedBytes: number): void;
  /** A frame that could not be decoded, with its bytes as received (too large ones can still be named). */
  malformed(error: FrameDecodeError, bytes: Buffer): void;
  /** A handler threw, or decoding failed outright; `frame` is set when one frame was at fault. */
  failed(error: unknown, frame?: BlazeFrame): void;
}

/**
 * Collects the binary frames of one socket read (ws emits them synchronously, one after the
 * other) and decodes them together in a microtask, so one zlib stream serves the whole read.
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
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
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
  };

  // Last line: even the failure report must not escape the microtask.
  private contain(report: () => void): void {
    try {
      report();
    } catch {
      /* nothing left that could report it */
    }
  }
}
