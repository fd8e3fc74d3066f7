import { gzipSync } from 'node:zlib';

/** What every accepted connection suffers right after the upgrade (see {@link EmulatorSocketFaults.onOpen}). */
export interface OnOpenFault {
  /** A frame (JSON object) sent gzipped as soon as the connection opens, e.g. an ERROR push. */
  send?: object;
  /** Then close with this code (and `reason`), or 'drop' the TCP connection without a close frame. Absent: stay open. */
  close?: number | 'drop';
  reason?: string;
  /** Act this long after the open (default 0). */
  afterMs?: number;
}

/** Socket-level fault switches and counters, shared by the server and its connections. */
export class SocketFaultState {
  onOpen: OnOpenFault | null = null;
  /** Message id → the action its pushes carry instead of CREATE_MESSAGE. */
  readonly pushActions = new Map<string, string>();
  /** Connections terminated for not answering pings in time (`dropSilentAfterMs`). */
  silentDrops = 0;
}

/**
 * Server behaviours a hostile or strict Blaze server may show (`emu.socketFaults`), next to the
 * request faults of `emu.faults`. Each switch takes effect for the next connection.
 */
export class EmulatorSocketFaults {
  constructor(private readonly state: SocketFaultState) {}

  /**
   * Every connection accepted from now on gets `fault` right after its upgrade: for example
   * `{ close: 1008, reason: 'policy' }` (accept, then close), `{ close: 'drop' }` (accept, then
   * drop), `{ send: { id, action: 'ERROR', error: { code: 10006 } } }`. `false` turns it off.
   */
  onOpen(fault: OnOpenFault | false): void {
    if (fault && fault.close !== undefined && fault.close !== 'drop' && !validCloseCode(fault.close)) {
      throw new Error(`onOpen: ${fault.close} is not a close code a server may send`);
    }
    this.state.onOpen = fault === false ? null : { ...fault };
  }

  /** Connections terminated because a ping went unanswered for `dropSilentAfterMs`. */
  get silentDrops(): number {
    return this.state.silentDrops;
  }

  /** Switches every socket fault off. */
  clear(): void {
    this.state.onOpen = null;
  }
}

/** The part of a connection an on-open fault acts on. */
export interface FaultTarget {
  readonly isOpen: boolean;
  sendBytes(bytes: Buffer, binary: boolean): void;
  closeWith(code: number, reason?: string): void;
  terminate(): void;
}

/** Applies an on-open fault to a fresh connection: the frame first, then the close or the drop. */
export function applyOnOpen(conn: FaultTarget, fault: OnOpenFault): void {
  const act = () => {
    if (!conn.isOpen) return;
    if (fault.send) conn.sendBytes(gzipSync(JSON.stringify(fault.send)), true);
    if (fault.close === 'drop') conn.terminate();
    else if (fault.close !== undefined) conn.closeWith(fault.close, fault.reason);
  };
  if (fault.afterMs) setTimeout(act, fault.afterMs).unref();
  else act();
}

// RFC 6455 §7.4: 1000-1003, 1007-1014 and 3000-4999 may be sent; 1004-1006 and 1015 may not.
function validCloseCode(code: number): boolean {
  return Number.isInteger(code) && ((code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999));
}
