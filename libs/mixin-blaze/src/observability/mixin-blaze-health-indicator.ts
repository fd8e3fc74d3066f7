import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { BlazeProbe, getBlazeProbeToken, type BlazeHealthSnapshot } from './blaze-probe.js';

/** Options of {@link MixinBlazeHealthIndicator.isHealthy}. */
export interface MixinBlazeHealthOptions {
  /** The bot to check (`forRoot({ name })`); default the unnamed bot. */
  bot?: string;
  /**
   * Down once the bot has not been `open` for longer than this; in cluster mode, a `standby`
   * replica is down once its Redis has been unreachable for longer than this. Default 30 000 ms.
   */
  maxNotOpenMs?: number;
}

/** A Terminus `HealthIndicatorResult`: `{ [key]: { status: 'up' | 'down', ...details } }`. */
export type MixinBlazeHealthResult = Record<string, { status: 'up' | 'down' } & BlazeHealthSnapshot & { reason?: string }>;

/**
 * A `@nestjs/terminus` health indicator for Blaze bots: down when the server refused the bot's
 * token (`unauthorized`), or when it has not been `open` for longer than `maxNotOpenMs`. In
 * cluster mode a `standby` replica is up while it reaches Redis, so every replica can serve the
 * same probe. The
 * details: state and for how long, time since the last frame, buffered messages, pending acks,
 * the last problem logged. It returns Terminus's result shape itself (`up`/`down` without
 * throwing, which Terminus 11 and 12 read), so it needs no import of `@nestjs/terminus`.
 *
 * ```ts
 * @Get('ready') @HealthCheck()
 * ready() { return this.health.check([() => this.blaze.isHealthy('mixin-blaze')]); }
 * ```
 */
@Injectable()
export class MixinBlazeHealthIndicator {
  constructor(private readonly moduleRef: ModuleRef) {}

  /** Checks one bot (`options.bot`; default the unnamed one), reported under `key`. */
  isHealthy(key = 'mixin-blaze', options: MixinBlazeHealthOptions = {}): MixinBlazeHealthResult {
    const maxNotOpenMs = options.maxNotOpenMs ?? 30_000;
    if (typeof maxNotOpenMs !== 'number' || !(maxNotOpenMs >= 0)) throw new TypeError('MixinBlazeHealthIndicator: maxNotOpenMs must be a number of milliseconds, 0 or more');
    const snapshot = this.probe(options.bot).snapshot();
    let reason: string | undefined;
    if (snapshot.state === 'unauthorized') reason = 'the server refused the bot token (unauthorized)';
    else if (snapshot.state === 'standby') {
      // A standby is healthy while it takes part in the cluster, which it does through Redis.
      const down = snapshot.redisDownForMs ?? 0;
      if (down > maxNotOpenMs) reason = `standby, and Redis unreachable for ${down} ms (more than ${maxNotOpenMs} ms)`;
    } else if (snapshot.state !== 'open' && snapshot.stateForMs > maxNotOpenMs) reason = `not open for ${snapshot.stateForMs} ms (more than ${maxNotOpenMs} ms)`;
    return { [key]: reason === undefined ? { status: 'up', ...snapshot } : { status: 'down', reason, ...snapshot } };
  }

  private probe(bot: string | undefined): BlazeProbe {
    try {
      // Container-wide: bots may be non-global modules the health module does not import.
      return this.moduleRef.get<BlazeProbe>(getBlazeProbeToken(bot), { strict: false });
    } catch {
      throw new Error(`MixinBlazeHealthIndicator: this app has no ${bot === undefined ? 'unnamed bot' : `bot "${bot}"`}; each bot is a MixinBlazeModule.forRoot(${bot === undefined ? '' : '{ name }'})`);
    }
  }
}
