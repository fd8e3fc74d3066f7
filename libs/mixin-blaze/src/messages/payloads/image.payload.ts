import { Expose } from 'class-transformer';
import { IsInt, IsOptional, IsString, Min } from 'class-validator';
import { IsMixinId } from './validators.js';

/** `PLAIN_IMAGE` payload: an uploaded attachment plus its preview. */
export class ImagePayload {
  @Expose({ name: 'attachment_id' }) @IsMixinId() attachmentId: string;
  @Expose({ name: 'mime_type' }) @IsString() mimeType: string;
  @Expose() @IsInt() @Min(0) width: number;
  @Expose() @IsInt() @Min(0) height: number;
  @Expose() @IsInt() @Min(0) size: number;
  /** Base64 preview image. Listed as required in §5 but bots often send images without it. */
  @Expose() @IsOptional() @IsString() thumbnail?: string;
  @Expose() @IsOptional() @IsString() caption?: string;
  /** Base64 AES key of an encrypted attachment (Signal-era clients). */
  @Expose() @IsOptional() @IsString() key?: string;
  /** Base64 digest of an encrypted attachment. */
  @Expose() @IsOptional() @IsString() digest?: string;
  /** Upload time as the sender wrote it (kept as a string to preserve precision). */
  @Expose({ name: 'created_at' }) @IsOptional() @IsString() createdAt?: string;
}
