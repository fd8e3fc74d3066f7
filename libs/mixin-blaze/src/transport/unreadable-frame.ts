import { constants, gunzipSync } from 'node:zlib';
import type { FrameDecodeError, FrameLimits } from './frame-codec.js';
import { scanFramePrefix, type PrefixFields } from './json-prefix-scan.js';
import type { UnreadableMessage } from './unreadable-message.js';

/** How much of an unreadable frame is inflated to look for its ids. */
export const RECOVERY_PREFIX_BYTES = 64 * 1024;

const MIB = 1024 * 1024;

/**
 * The largest frame the socket accepts at all (ws `maxPayload`). Frames between `maxFrameBytes`
 * and this ceiling are received, and only their first {@link RECOVERY_PREFIX_BYTES} are inflated
 * to name the message they carry; a frame over it makes ws close the socket (1009), so it costs a
 * reconnect. ws holds one frame of up to this size while it arrives, so this bounds memory:
 * 64 MiB, or 16 × maxFrameBytes up to 256 MiB, and never less than maxFrameBytes itself.
 */
export function frameCeiling(maxFrameBytes: number): number {
  return Math.max(maxFrameBytes, 64 * MIB, Math.min(16 * maxFrameBytes, 256 * MIB));
}

/**
 * Inflates at most about `maxOut` bytes of the start of a gzip member, however large the member
 * or however far it would inflate. zlib's one-shot API refuses (rather than cuts) output over
 * `maxOutputLength`, so this inflates growing or shrinking prefixes of the input, flushed with
 * Z_SYNC_FLUSH so that a cut input is not an error: at most ~20 rounds of at most `maxOut` output
 * each (deflate expands at most ~1032:1, so halving the input soon fits). Returns what it could
 * inflate, possibly nothing (not gzip at all).
 */
export function inflatePrefix(gz: Buffer, maxOut = RECOVERY_PREFIX_BYTES): Buffer {
  const options = { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: maxOut };
  let best = Buffer.alloc(0);
  let fits = 0; // compressed bytes known to inflate within maxOut
  let take = Math.min(gz.length, maxOut);
  for (let round = 0; round < 24 && take > fits; round++) {
    try {
      best = gunzipSync(gz.subarray(0, take), options);
      fits = take;
      // Enough text, or nothing more to read: done. Else (a long gzip header?) read further.
      if (take === gz.length || best.length >= maxOut / 2) break;
      take = Math.min(gz.length, take * 2);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ERR_BUFFER_TOO_LARGE') break; // corrupt from here on
      take = fits + Math.floor((take - fits) / 2);
    }
  }
  return best;
}

/** Push actions whose `data` is a message view to be handled and acknowledged (docs/protocol.md §3.3). */
export const MESSAGE_PUSH_ACTIONS: ReadonlySet<string> = new Set(['CREATE_MESSAGE', 'CREATE_CALL', 'CREATE_KRAKEN']);

/** What the first bytes of a frame too large to read say about it. */
export interface RecoveredFrame {
  fields: PrefixFields;
  /** Set when the frame is a message push: what the listener's `onUnreadable` gets. */
  message?: UnreadableMessage;
}

/**
 * Looks into a frame rejected as too large (compressed or inflated) for the ids it carries.
 * Returns undefined for other rejections, whose frames are garbage rather than too large.
 */
export function recoverUnreadable(error: FrameDecodeError, bytes: Buffer, limits: FrameLimits): RecoveredFrame | undefined {
  if (error.reason !== 'too-large' && error.reason !== 'inflated-too-large') return undefined;
  const fields = scanFramePrefix(inflatePrefix(bytes).toString('utf8'));
  if (fields.action === undefined || !MESSAGE_PUSH_ACTIONS.has(fields.action)) return { fields };
  const reason =
    error.reason === 'too-large'
      ? `frame of ${bytes.length} bytes exceeds maxFrameBytes (${limits.maxCompressedBytes})`
      : `frame inflates past maxInflatedFrameBytes (${limits.maxInflatedBytes})`;
  const { message_id, conversation_id, category, user_id } = fields.data;
  return {
    fields,
    message: { messageId: message_id, conversationId: conversation_id, category, userId: user_id, reason, frameBytes: bytes.length },
  };
}
