/** Limits of what may be received and not finished before the socket stops being read. */
export interface BackPressureLimits {
  /** Messages at which reading stops. */
  highWaterMark: number;
  /** Messages at or below which reading may resume. */
  lowWaterMark: number;
  /** Buffered bytes (see `messageWeight`) at which reading stops; it resumes at half of this. */
  maxBufferedBytes: number;
}

/**
 * Counts received-but-unfinished messages and their bytes, and says when to stop reading the
 * socket (either passed its high mark) and when to read again (both fell back: the count to the
 * low-water mark, the bytes to half their limit). Counting bytes as well as messages keeps memory
 * bounded when single messages weigh megabytes.
 */
export class BackPressure {
  private count = 0;
  private bytes = 0;
  private peakCount = 0;
  private peakBytesValue = 0;
  private pausedNow = false;

  constructor(
    private readonly limits: BackPressureLimits,
    private readonly onChange: (paused: boolean) => void,
  ) {}

  /** A message of `bytes` was taken in. */
  add(bytes: number): void {
    this.count++;
    this.bytes += bytes;
    if (this.count > this.peakCount) this.peakCount = this.count;
    if (this.bytes > this.peakBytesValue) this.peakBytesValue = this.bytes;
    if (!this.pausedNow && (this.count >= this.limits.highWaterMark || this.bytes >= this.limits.maxBufferedBytes)) {
      this.pausedNow = true;
      this.onChange(true);
    }
  }

  /** A message of `bytes` finished. */
  remove(bytes: number): void {
    this.count--;
    this.bytes -= bytes;
    if (this.pausedNow && this.count <= this.limits.lowWaterMark && this.bytes <= this.limits.maxBufferedBytes / 2) {
      this.pausedNow = false;
      this.onChange(false);
    }
  }

  get current(): number {
    return this.count;
  }

  get currentBytes(): number {
    return this.bytes;
  }

  /** The highest count seen since startup. */
  get peak(): number {
    return this.peakCount;
  }

  /** The most bytes buffered at once since startup. */
  get peakBytes(): number {
    return this.peakBytesValue;
  }

  get paused(): boolean {
    return this.pausedNow;
  }
}

// Object, envelope strings and the DTO of a message with an empty payload: a few hundred bytes.
const MESSAGE_OVERHEAD_BYTES = 1024;

/**
 * What one message view weighs for back-pressure: its base64 payload strings (`data` and
 * `data_base64`; the server may send both) plus a fixed overhead. The decoded payload and its DTO
 * come on top while the message is handled; the README's memory formula accounts for that.
 */
export function messageWeight(raw: Record<string, unknown>): number {
  let n = MESSAGE_OVERHEAD_BYTES;
  if (typeof raw.data === 'string') n += raw.data.length;
  if (typeof raw.data_base64 === 'string') n += raw.data_base64.length;
  return n;
}
