import type { FailureOptions } from './emulator-types.js';

/** A resolved failure rule with the count still to go. */
export interface FailureRule {
  status: number;
  mode: 'status' | 'hang' | 'reset';
  remaining: number;
}

/** The fault switches the socket and HTTP handlers consult; one per emulator. */
export class FaultState {
  dropEvery = 0;
  rejectAuth: 'upgrade' | 'frame' | false = false;
  acks: FailureRule | null = null;
  sends: FailureRule | null = null;

  /** Consumes one failure of the given kind, or returns undefined when requests should succeed. */
  take(kind: 'acks' | 'sends'): FailureRule | undefined {
    const rule = this[kind];
    if (!rule) return undefined;
    rule.remaining--;
    if (rule.remaining <= 0) this[kind] = null;
    return rule;
  }
}

/** What the faults controller needs from the running server. */
export interface FaultHooks {
  dropConnections(): number;
  silence(): number;
  resume(): number;
  /** Destroys requests left hanging by a 'hang' failure of this kind. */
  releaseHung(kind: 'acks' | 'sends'): void;
}

function rule(opts: FailureOptions): FailureRule {
  const count = opts.count ?? Infinity;
  if (!(count > 0)) throw new Error('failure count must be positive');
  return { status: opts.status ?? 503, mode: opts.mode ?? 'status', remaining: count };
}

/** Fault injection (`emu.faults`). Every switch takes effect for the next frame or request. */
export class EmulatorFaults {
  constructor(
    private readonly state: FaultState,
    private readonly hooks: FaultHooks,
  ) {}

  /** Terminates every live websocket (no close frame); returns how many were dropped. */
  dropConnections(): number {
    return this.hooks.dropConnections();
  }

  /** Drops each connection right after its k-th, 2k-th... pushed message (per connection); 0 disables. */
  dropEvery(k: number): void {
    if (!Number.isInteger(k) || k < 0) throw new Error('dropEvery takes a non-negative integer');
    this.state.dropEvery = k;
  }

  /**
   * The currently open connections go silent: TCP stays up but the server neither reads
   * (so pings go unanswered) nor writes. Connections opened later are unaffected.
   */
  goSilent(): number {
    return this.hooks.silence();
  }

  /** Un-silences connections still open, flushing what they held back. */
  resume(): number {
    return this.hooks.resume();
  }

  /** 'upgrade': 401 at the handshake; 'frame': accept, send an ERROR 401 frame, close; false: off. */
  rejectAuth(mode: 'upgrade' | 'frame' | false): void {
    this.state.rejectAuth = mode;
  }

  /** Makes POST /acknowledgements fail (`count` times, or until `failAcks(false)`). */
  failAcks(opts: FailureOptions | false = {}): void {
    this.state.acks = opts === false ? null : rule(opts);
    if (opts === false) this.hooks.releaseHung('acks');
  }

  /** Makes POST /messages and socket CREATE_MESSAGE fail (socket replies carry code 500). */
  failSends(opts: FailureOptions | false = {}): void {
    this.state.sends = opts === false ? null : rule(opts);
    if (opts === false) this.hooks.releaseHung('sends');
  }

  /** Switches every fault off. */
  clear(): void {
    this.dropEvery(0);
    this.rejectAuth(false);
    this.failAcks(false);
    this.failSends(false);
    this.resume();
  }
}
