import type { ServerResponse } from 'node:http';
import type { FailureOptions } from './emulator-types.js';

/** A resolved failure rule with the count still to go. */
export interface FailureRule {
  status: number;
  mode: NonNullable<FailureOptions['mode']>;
  remaining: number;
  retryAfter?: string;
  trickleMs: number;
}

/** One response of an 'endless' or 'trickle' fault: how much it wrote and when the client left. */
export interface StreamRecord {
  kind: 'acks' | 'sends';
  mode: 'endless' | 'trickle';
  /** Body bytes handed to the socket so far. */
  bytes: number;
  startedAt: number;
  /** When the response closed (the client went away or the fault was cleared). */
  endedAt?: number;
}

/** The fault switches the socket and HTTP handlers consult; one per emulator. */
export class FaultState {
  dropEvery = 0;
  rejectAuth: 'upgrade' | 'frame' | false = false;
  acks: FailureRule | null = null;
  sends: FailureRule | null = null;
  /** Message ids whose presence makes POST /acknowledgements refuse the whole batch (10002). */
  readonly refusedAcks = new Set<string>();
  readonly streams: StreamRecord[] = [];

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
  const trickleMs = opts.trickleMs ?? 2000;
  if (!(trickleMs > 0)) throw new Error('trickleMs must be positive');
  return { status: opts.status ?? 503, mode: opts.mode ?? 'status', remaining: count, retryAfter: opts.retryAfter, trickleMs };
}

// A plausible ack answer repeated forever: `{"data":[` then entries, never the closing `]}`.
const ENDLESS_HEAD = '{"data":[';
const ENDLESS_CHUNK = Buffer.from('{"message_id":"00000000-0000-4000-8000-000000000000","status":"READ"},'.repeat(900));

/**
 * Answers 200 and then writes body bytes until the client goes away: 'endless' as fast as the
 * client reads (waiting for 'drain', so the emulator's own memory stays flat), 'trickle' one byte
 * every `trickleMs`. Records the stream in `state.streams`.
 */
export function streamForever(state: FaultState, kind: 'acks' | 'sends', rule: FailureRule, res: ServerResponse): void {
  const mode = rule.mode === 'trickle' ? 'trickle' : 'endless';
  const record: StreamRecord = { kind, mode, bytes: 0, startedAt: Date.now() };
  state.streams.push(record);
  res.writeHead(200, { 'Content-Type': 'application/json' });
  const write = (chunk: Buffer | string): boolean => {
    record.bytes += Buffer.byteLength(chunk);
    return res.write(chunk);
  };
  let timer: NodeJS.Timeout | undefined;
  res.once('close', () => {
    clearInterval(timer);
    record.endedAt = Date.now();
  });
  if (mode === 'trickle') {
    res.flushHeaders();
    timer = setInterval(() => void (res.destroyed || write(' ')), rule.trickleMs);
    return;
  }
  write(ENDLESS_HEAD);
  const more = (): void => {
    while (!res.destroyed) if (!write(ENDLESS_CHUNK)) return void res.once('drain', more);
  };
  more();
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

  /**
   * Makes POST /acknowledgements fail (`count` times, or until `failAcks(false)`) in any mode of
   * {@link FailureOptions}; `false` also cuts the 'hang', 'endless' and 'trickle' responses still open.
   */
  failAcks(opts: FailureOptions | false = {}): void {
    this.state.acks = opts === false ? null : rule(opts);
    if (opts === false) this.hooks.releaseHung('acks');
  }

  /**
   * Makes POST /acknowledgements refuse any batch that contains `messageId`, as Mixin refuses a
   * batch with one malformed entry: HTTP 400, code 10002, nothing in the batch acked. `false`
   * forgets every id given so far.
   */
  refuseAckOf(messageId: string | false): void {
    if (messageId === false) this.state.refusedAcks.clear();
    else this.state.refusedAcks.add(messageId);
  }

  /** Responses of 'endless' and 'trickle' failures so far, oldest first. */
  get streams(): readonly StreamRecord[] {
    return this.state.streams;
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
    this.refuseAckOf(false);
    this.resume();
  }
}
