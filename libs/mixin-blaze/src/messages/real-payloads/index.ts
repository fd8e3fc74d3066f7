import { ATTACHMENT_PAYLOADS } from './attachments.js';
import { CARD_PAYLOADS } from './cards.js';
import { CONTROL_PAYLOADS } from './control.js';
import type { RealPayload } from './real-payload.js';
import { SHARED_ITEM_PAYLOADS } from './shared-items.js';
import { SNAPSHOT_PAYLOADS } from './snapshots.js';

export { REAL_IDS, type RealPayload } from './real-payload.js';

/** Every real payload shape in the corpus, each citing its source. */
export const REAL_PAYLOADS: readonly RealPayload[] = [
  ...SHARED_ITEM_PAYLOADS,
  ...ATTACHMENT_PAYLOADS,
  ...CARD_PAYLOADS,
  ...CONTROL_PAYLOADS,
  ...SNAPSHOT_PAYLOADS,
];
