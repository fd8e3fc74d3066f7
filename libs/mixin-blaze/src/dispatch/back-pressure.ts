/**
 * Counts received-but-unfinished messages and says when to stop reading the socket (the count
 * reached the high-water mark) and when to read again (it fell to the low-water mark).
 */
export class BackPressure {
  private count = 0;
  private peakCount = 0;
  private pausedNow = false;

  constructor(
    private readonly highWaterMark: number,
    private readonly lowWaterMark: number,
    private readonly onChange: (paused: boolean) => void,
  ) {}

  increment(): void {
    this.count++;
    if (this.count > this.peakCount) this.peakCount = this.count;
    if (!this.pausedNow && this.count >= this.highWaterMark) {
      this.pausedNow = true;
      this.onChange(true);
    }
  }

  decrement(): void {
    this.count--;
    if (this.pausedNow && this.count <= this.lowWaterMark) {
      this.pausedNow = false;
      this.onChange(false);
    }
  }

  get current(): number {
    return this.count;
  }

  /** The highest count seen since startup. */
  get peak(): number {
    return this.peakCount;
  }

  get paused(): boolean {
    return this.pausedNow;
  }
}
