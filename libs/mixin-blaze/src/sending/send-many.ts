import {
  jsonBytes,
  MAX_MESSAGES_BODY_BYTES,
  MAX_MESSAGES_PER_REQUEST,
  singleItemBodyBytes,
  splitIntoBatches,
  type BatchLimits,
} from './batch-splitter.js';
import type { OutgoingMessage } from './outgoing-message.js';
import { OutgoingPayloadError } from './outgoing-payload.error.js';
import { SendManyError } from './send-many.error.js';
import { toWireMessage, type WireMessage } from './wire-message.js';

const LIMITS: BatchLimits = { maxItems: MAX_MESSAGES_PER_REQUEST, maxBytes: MAX_MESSAGES_BODY_BYTES };

/**
 * Validates every message and groups the wire messages into request bodies within the POST /messages
 * limits, before anything is sent. Throws {@link OutgoingPayloadError} (with `index`) otherwise.
 */
export function prepareBatches(messages: readonly OutgoingMessage[]): WireMessage[][] {
  if (!Array.isArray(messages)) throw new OutgoingPayloadError('unknown', ['sendMany takes an array of messages']);
  const wires = messages.map((message, i) => toWireMessage(message, i));
  const sizes = wires.map((wire) => jsonBytes(wire));
  sizes.forEach((size, i) => {
    const body = singleItemBodyBytes(size);
    if (body > LIMITS.maxBytes) {
      const limit = `message is ${body} bytes as a request body, over the ${LIMITS.maxBytes}-byte limit of POST /messages`;
      throw new OutgoingPayloadError(wires[i].category, [limit], i);
    }
  });
  return splitIntoBatches(wires, sizes, LIMITS);
}

/**
 * Posts the batches one after another (keeping order); resolves with every message id in input
 * order, or rejects with {@link SendManyError} at the first failed request.
 */
export async function postBatches(batches: WireMessage[][], post: (body: WireMessage[]) => Promise<unknown>): Promise<string[]> {
  const accepted: string[] = [];
  for (let b = 0; b < batches.length; b++) {
    try {
      await post(batches[b]);
    } catch (err) {
      const remaining = batches.slice(b).flatMap((batch) => batch.map((w) => w.message_id));
      throw new SendManyError(accepted, remaining, err);
    }
    for (const wire of batches[b]) accepted.push(wire.message_id);
  }
  return accepted;
}
