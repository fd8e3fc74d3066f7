import { logSafe } from '../util/log-safe.js';
import { UPDATE_REQUIRED_CODE } from './push-router.js';

/** Log texts an operator acts on; every wire value in them is escaped and cut. */
export const connectionMessages = {
  /** ws refused a frame over the ceiling (close 1009): the one case that still costs a reconnect. */
  overCeiling: (ceiling: number) =>
    `Blaze sent a frame over ${ceiling} bytes, the most this client reads at all; the connection drops, and the message ` +
    'in it blocks the ones behind it (reconnects back off) until it expires on the server: raise maxFrameBytes',

  /** The server refused our token (401 / 20121). */
  unauthorized: (explanation: string, retryMs: number) =>
    `${explanation}. Retrying every ${Math.round(retryMs / 1000)} s until the token is accepted.`,

  /** ERROR 10006: FLT stops Blaze until the app is upgraded (docs/protocol.md §6); a bot retries slowly. */
  updateRequired: (description: string | undefined, retryMs: number) =>
    `Blaze refused this client as outdated (ERROR ${UPDATE_REQUIRED_CODE} "app update required"${description ? `: ${logSafe(description)}` : ''}): ` +
    `update nestjs-mixin-blaze, and check Mixin's developer announcements for protocol changes. Retrying every ${Math.round(retryMs / 1000)} s.`,
};
