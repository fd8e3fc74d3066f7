import { Expose } from 'class-transformer';
import { IsMixinId } from './validators.js';
import { AlsoReads, LenientDecimal, LenientId, LenientNumber, LenientString } from './wire-fields.js';

/**
 * `SYSTEM_ACCOUNT_SNAPSHOT` payload: a legacy (pre-Safe) transfer (GO/FOX `TransferView`,
 * Android `vo/Snapshot.kt`, Flutter `blaze/vo/snapshot_message.dart`). Bots do not send it
 * through this library, so there are only incoming rules.
 *
 * Required: `snapshot_id`, `asset_id` and `amount`. `amount` may be a JSON number (NODE
 * `TransferMessageRequest.amount: number`, sent by its `sendTransfer`) and comes out as a
 * decimal string; everything else is optional and `null` reads as absent.
 */
export class AccountSnapshotPayload {
  /** `"transfer"` in DOC samples. */
  @Expose() @LenientString() type?: string;
  @Expose({ name: 'snapshot_id' }) @IsMixinId() snapshotId: string;
  /**
   * The counterparty. DOC calls it `opponent_id`, the NODE/GO/FOX types
   * `counter_user_id`; both are read, `opponent_id` is written.
   */
  @Expose({ name: 'opponent_id' }) @AlsoReads('counter_user_id') @LenientId() opponentId?: string;
  @Expose({ name: 'asset_id' }) @IsMixinId() assetId: string;
  @Expose() @LenientDecimal({ optional: false }) amount: string;
  @Expose({ name: 'trace_id' }) @LenientId() traceId?: string;
  @Expose() @LenientString() memo?: string;
  @Expose({ name: 'created_at' }) @LenientString() createdAt?: string;
  // Extra columns Android and Flutter read when present.
  @Expose({ name: 'transaction_hash' }) @LenientString() transactionHash?: string;
  @Expose() @LenientString() sender?: string;
  @Expose() @LenientString() receiver?: string;
  @Expose() @LenientNumber() confirmations?: number;
  @Expose({ name: 'snapshot_hash' }) @LenientString() snapshotHash?: string;
  @Expose({ name: 'opening_balance' }) @LenientDecimal({ optional: true }) openingBalance?: string;
  @Expose({ name: 'closing_balance' }) @LenientDecimal({ optional: true }) closingBalance?: string;
}
