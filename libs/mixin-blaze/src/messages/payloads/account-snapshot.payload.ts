import { Expose, Transform } from 'class-transformer';
import { IsInt, IsNumberString, IsOptional, IsString } from 'class-validator';
import { IsMixinId, IsOptionalMixinId } from './validators.js';

/**
 * `SYSTEM_ACCOUNT_SNAPSHOT` payload: a legacy (pre-Safe) transfer. Amounts and
 * balances stay decimal strings; timestamps stay strings.
 */
export class AccountSnapshotPayload {
  /** `"transfer"` in DOC samples. */
  @Expose() @IsOptional() @IsString() type?: string;
  @Expose({ name: 'snapshot_id' }) @IsMixinId() snapshotId: string;
  /**
   * The counterparty. DOC calls it `opponent_id`, the NODE/GO/FOX types
   * `counter_user_id`; both are read, `opponent_id` is written.
   */
  @Expose({ name: 'opponent_id' })
  @Transform(({ value, obj }) => value ?? obj?.counter_user_id, { toClassOnly: true })
  @IsOptionalMixinId()
  opponentId?: string;
  @Expose({ name: 'asset_id' }) @IsMixinId() assetId: string;
  @Expose() @IsNumberString() amount: string;
  @Expose({ name: 'trace_id' }) @IsOptionalMixinId() traceId?: string;
  @Expose() @IsOptional() @IsString() memo?: string;
  @Expose({ name: 'created_at' }) @IsString() createdAt: string;
  // Extra columns FLT reads when present.
  @Expose({ name: 'transaction_hash' }) @IsOptional() @IsString() transactionHash?: string;
  @Expose() @IsOptional() @IsString() sender?: string;
  @Expose() @IsOptional() @IsString() receiver?: string;
  @Expose() @IsOptional() @IsInt() confirmations?: number;
  @Expose({ name: 'snapshot_hash' }) @IsOptional() @IsString() snapshotHash?: string;
  @Expose({ name: 'opening_balance' }) @IsOptional() @IsNumberString() openingBalance?: string;
  @Expose({ name: 'closing_balance' }) @IsOptional() @IsNumberString() closingBalance?: string;
}
