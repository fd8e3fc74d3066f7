import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { BlazeRuntime } from '../blaze-runtime.js';
import type { BlazeConnectionState } from '../transport/connection-state.js';
import { BLAZE_TELEMETRY, type BlazeTelemetry } from './blaze-telemetry.js';

/** One bot's health figures now: what the health indicator reports. */
export interface BlazeHealthSnapshot {
  /** The bot's name; undefined for the unnamed bot. */
  bot?: string;
  state: BlazeConnectionState;
  /** How long the bot has been in `state`. */
  stateForMs: number;
  /** Since the server was last heard from (a frame, ping or pong); null before the first connection. */
  msSinceLastFrame: number | null;
  /** Received messages not finished. */
  buffered: number;
  /** Acknowledgements queued or in flight. */
  pendingAcks: number;
  /** Cluster mode: this replica's role, and how long its Redis connection has been down (0: up). */
  role?: 'leader' | 'standby';
  redisDownForMs?: number;
  /** The last error the connection or the acks logged, cut to 300 characters, and how long ago. */
  lastError?: string;
  lastErrorAgeMs?: number;
  /** The same for the last warning (a drop, a failed ack request). */
  lastWarning?: string;
  lastWarningAgeMs?: number;
}

/** The token of a bot's probe (internal): the health indicator finds a bot by it. */
export function getBlazeProbeToken(name?: string): string {
  return `MixinBlazeProbe:${name ?? ''}`;
}

/**
 * Watches one bot for health (how long in which state, the last frame, the last problem) and
 * binds its gauges to the metric set when metrics are on.
 */
@Injectable()
export class BlazeProbe implements OnApplicationShutdown {
  private state: BlazeConnectionState;
  private since = Date.now();
  private readonly subscription: Subscription;
  private readonly unbind?: () => void;

  constructor(
    private readonly runtime: BlazeRuntime,
    @Inject(BLAZE_TELEMETRY) telemetry: BlazeTelemetry,
  ) {
    this.state = runtime.state;
    this.subscription = runtime.state$.subscribe((state) => {
      if (state === this.state) return;
      this.state = state;
      this.since = Date.now();
    });
    this.unbind = telemetry.metrics?.bind({
      bot: runtime.settings.name ?? '',
      stats: () => runtime.dispatcher.stats,
      state: () => runtime.state,
      pendingAcks: () => runtime.acks.outstanding,
    });
  }

  snapshot(): BlazeHealthSnapshot {
    const now = Date.now();
    const { runtime } = this;
    const lastInbound = runtime.connection.lastInboundAt;
    const { lastError, lastWarning } = runtime.problems;
    const cluster = runtime.cluster?.stats();
    return {
      ...(runtime.settings.name === undefined ? {} : { bot: runtime.settings.name }),
      state: runtime.state,
      stateForMs: now - this.since,
      msSinceLastFrame: lastInbound === 0 ? null : now - lastInbound,
      buffered: runtime.dispatcher.stats.buffered,
      pendingAcks: runtime.acks.outstanding,
      ...(cluster ? { role: cluster.role, redisDownForMs: cluster.redisDownForMs } : {}),
      ...(lastError ? { lastError: lastError.message, lastErrorAgeMs: now - lastError.at } : {}),
      ...(lastWarning ? { lastWarning: lastWarning.message, lastWarningAgeMs: now - lastWarning.at } : {}),
    };
  }

  onApplicationShutdown(): void {
    this.subscription.unsubscribe();
    this.unbind?.();
  }
}
