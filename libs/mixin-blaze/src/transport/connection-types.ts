import type { BackoffPolicy } from '../util/backoff.js';
import type { BlazeConnectionState } from './connection-state.js';
import type { FrameLimits } from './frame-codec.js';
import type { UnreadableMessage } from './unreadable-message.js';

/** What the connection needs to know; a subset of the module options. */
export interface BlazeConnectionConfig extends FrameLimits {
  urls: string[];
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  pingIntervalMs: number;
  deadConnectionTimeoutMs: number;
  reconnect: BackoffPolicy;
  unauthorizedRetryMs: number;
  /** Pushes (inflated bytes) held while paused before later ones are shed; default 8 MiB. */
  pausedHeldBytes?: number;
}

/** Where the connection hands what it receives. */
export interface BlazeConnectionListener {
  /** The `data` of one message push (`CREATE_MESSAGE`, `CREATE_CALL`, `CREATE_KRAKEN`...). */
  onMessage(view: unknown): void;
  /** A CREATE_MESSAGE push that could not be read whole (over maxFrameBytes or maxInflatedFrameBytes), with what could be recovered. */
  onUnreadable(info: UnreadableMessage): void;
  onStateChange?(state: BlazeConnectionState): void;
}
