/** POST /messages limits (docs/protocol.md §4). */
export const MAX_MESSAGES_PER_REQUEST = 100;
export const MAX_MESSAGES_BODY_BYTES = 128 * 1024;

/** How big one request may get. */
export interface BatchLimits {
  maxItems: number;
  maxBytes: number;
}

/** Exact UTF-8 size of `value` as the HTTP client serializes it (`JSON.stringify`). */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/** Size of a one-item JSON array body: the item plus its brackets. */
export function singleItemBodyBytes(itemBytes: number): number {
  return itemBytes + 2;
}

/**
 * Splits items, in order, into consecutive batches whose JSON array body fits the limits.
 * `JSON.stringify(array)` is `[` + the items' own JSON joined by `,` + `]`, so the body size is
 * summed exactly from per-item sizes. An item too big even alone gets a batch of its own (callers
 * are expected to refuse such items first).
 */
export function splitIntoBatches<T>(items: readonly T[], sizes: readonly number[], limits: BatchLimits): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bodyBytes = 2; // the brackets
  for (let i = 0; i < items.length; i++) {
    const grown = bodyBytes + sizes[i] + (current.length > 0 ? 1 : 0); // + the comma
    if (current.length > 0 && (current.length >= limits.maxItems || grown > limits.maxBytes)) {
      batches.push(current);
      current = [];
      bodyBytes = 2;
    }
    bodyBytes += sizes[i] + (current.length > 0 ? 1 : 0);
    current.push(items[i]);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
