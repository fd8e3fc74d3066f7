import { Expose } from 'class-transformer';
import { IsNumberString, IsOptional, IsString } from 'class-validator';
import { IsMixinId, IsOptionalMixinId } from './validators.js';

/**
 * `SYSTEM_SAFE_SNAPSHOT` / `SYSTEM_SAFE_INSCRIPTION` payload: a Safe-network
 * transfer that touched the bot (GO `TransferSafeView`). Amounts stay decimal
 * strings so no precision is lost; timestamps stay strings as the sender wrote them.
 */
export class SafeSnapshotPayload {
  @Expose({ name: 'snapshot_id' }) @IsMixinId() snapshotId: string;
  /** NODE 7.5.5 declares `"transaction"`; not always sent. */
  @Expose() @IsOptional() @IsString() type?: string;
  @Expose({ name: 'user_id' }) @IsMixinId() userId: string;
  /** The counterparty; empty for deposits. */
  @Expose({ name: 'opponent_id' }) @IsOptionalMixinId() opponentId?: string;
  @Expose({ name: 'transaction_hash' }) @IsString() transactionHash: string;
  @Expose({ name: 'asset_id' }) @IsMixinId() assetId: string;
  /** Signed decimal string, e.g. `"-0.01"` for an outgoing transfer. */
  @Expose() @IsNumberString() amount: string;
  @Expose() @IsOptional() @IsString() memo?: string;
  @Expose({ name: 'created_at' }) @IsString() createdAt: string;
  @Expose({ name: 'trace_id' }) @IsOptionalMixinId() traceId?: string;
  @Expose({ name: 'deposit_hash' }) @IsOptional() @IsString() depositHash?: string;
  /** Set for SYSTEM_SAFE_INSCRIPTION. */
  @Expose({ name: 'inscription_hash' }) @IsOptional() @IsString() inscriptionHash?: string;
}
