import { Expose } from 'class-transformer';
import { IsMixinId } from './validators.js';
import { LenientDecimal, LenientId, LenientNumber, LenientString } from './wire-fields.js';

/**
 * `SYSTEM_SAFE_SNAPSHOT` / `SYSTEM_SAFE_INSCRIPTION` payload: a Safe-network transfer that
 * touched the bot (GO `blaze.go TransferSafeView`; Android `vo/safe/SafeSnapshot.kt`; Flutter
 * `SafeSnapshot.fromJson`). Sent by Mixin's server only, so there are only incoming rules.
 *
 * Required: `snapshot_id`, `asset_id` and `amount`, without which a transfer means nothing.
 * Everything else is optional (GO and NODE decode any subset). Amounts stay decimal strings so
 * no precision is lost (a JSON number becomes its string form); timestamps stay strings as the
 * sender wrote them. Server fields not modelled here (`deposit`, `withdrawal`…) are kept as extras.
 */
export class SafeSnapshotPayload {
  @Expose({ name: 'snapshot_id' }) @IsMixinId() snapshotId: string;
  /** NODE 7.5.5 declares `"transaction"`; Android stores `"snapshot"`. */
  @Expose() @LenientString() type?: string;
  @Expose({ name: 'user_id' }) @LenientId() userId?: string;
  /** The counterparty; empty for deposits. */
  @Expose({ name: 'opponent_id' }) @LenientId() opponentId?: string;
  @Expose({ name: 'transaction_hash' }) @LenientString() transactionHash?: string;
  @Expose({ name: 'asset_id' }) @IsMixinId() assetId: string;
  /** Signed decimal string, e.g. `"-0.01"` for an outgoing transfer. */
  @Expose() @LenientDecimal({ optional: false }) amount: string;
  @Expose() @LenientString() memo?: string;
  @Expose({ name: 'created_at' }) @LenientString() createdAt?: string;
  @Expose({ name: 'trace_id' }) @LenientId() traceId?: string;
  @Expose({ name: 'deposit_hash' }) @LenientString() depositHash?: string;
  /** Set for SYSTEM_SAFE_INSCRIPTION. */
  @Expose({ name: 'inscription_hash' }) @LenientString() inscriptionHash?: string;
  /** Read by Android and Flutter when present. */
  @Expose() @LenientNumber() confirmations?: number;
  @Expose({ name: 'opening_balance' }) @LenientDecimal({ optional: true }) openingBalance?: string;
  @Expose({ name: 'closing_balance' }) @LenientDecimal({ optional: true }) closingBalance?: string;
}
