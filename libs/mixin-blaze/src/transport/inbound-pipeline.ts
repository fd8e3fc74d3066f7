import type { EngineLogger } from '../util/engine-logger.js';
import { logSafe } from '../util/log-safe.js';
import type { FrameLimits } from './frame-codec.js';
import { FrameInbox } from './frame-inbox.js';
import { Keepalive } from './keepalive.js';
import { PushRouter, type PushRouterHooks } from './push-router.js';
import { ReadGate } from './read-gate.js';
import type { RequestTracker } from './request-tracker.js';

const PAUSED_HELD_BYTES = 8 * 1024 * 1024;

/** What the inbound side of a connection is built from. */
export interface InboundConfig extends FrameLimits {
  pingIntervalMs: number;
  deadConnectionTimeoutMs: number;
  /** Pushes (inflated bytes) held while paused before later ones are shed; default 8 MiB. */
  pausedHeldBytes?: number;
}

/** Where the inbound side hands what it receives. */
export interface InboundHooks extends PushRouterHooks {
  /** A message push, in arrival order, once the read gate lets it through. */
  deliver(view: unknown): void;
  /** No traffic for longer than the deadline: the socket is dead. */
  dead(silentForMs: number): void;
}

/** The parts between a socket and the dispatcher, in the order a frame passes them. */
export interface Inbound {
  inbox: FrameInbox;
  router: PushRouter;
  gate: ReadGate;
  keepalive: Keepalive;
}

/**
 * Wires the inbound side: the inbox decodes the frames of one socket read together, the router
 * sorts replies, pushes and errors, the read gate applies back-pressure, and the keepalive judges
 * silence. Breathing runs twice per keepalive period (at most every 5 s), so a paused socket answers
 * a server ping within about half a period; each breath reads for a fifth of its interval.
 */
export function buildInbound(config: InboundConfig, tracker: RequestTracker, logger: EngineLogger, hooks: InboundHooks): Inbound {
  const keepalive = new Keepalive(config.pingIntervalMs, config.deadConnectionTimeoutMs, hooks.dead);
  const breathEveryMs = Math.min(5000, Math.max(50, Math.floor(config.pingIntervalMs / 2)));
  const gate = new ReadGate(
    keepalive,
    { breathEveryMs, breathMs: Math.max(20, Math.floor(breathEveryMs / 5)), heldBudgetBytes: config.pausedHeldBytes ?? PAUSED_HELD_BYTES },
    {
      deliver: hooks.deliver,
      shedding: (heldBytes) =>
        logger.warn(`paused with ${heldBytes} bytes of pushes held: later pushes are dropped, and listed again on a new connection once reading resumes`),
    },
  );
  const router = new PushRouter(tracker, gate, config, logger, hooks);
  const inbox = new FrameInbox(config, {
    admits: (size) => gate.admits(size),
    frame: (frame, size) => router.route(frame, size),
    malformed: (err, bytes) => router.malformed(err, bytes),
    failed: (err, frame) =>
      logger.error(
        `dropped ${frame ? `a ${logSafe(frame.action)} frame that could not be handled` : 'frames that could not be decoded'}: ${err instanceof Error ? logSafe(err.message, 500) : 'non-Error thrown'}`,
      ),
  });
  return { inbox, router, gate, keepalive };
}
