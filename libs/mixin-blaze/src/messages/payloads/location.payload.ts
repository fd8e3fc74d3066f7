import { Expose } from 'class-transformer';
import { IsNumber, IsOptional, IsString, Max, Min } from 'class-validator';

/** `PLAIN_LOCATION` payload (WGS 84 degrees). */
export class LocationPayload {
  @Expose() @IsNumber() @Min(-180) @Max(180) longitude: number;
  @Expose() @IsNumber() @Min(-90) @Max(90) latitude: number;
  @Expose() @IsOptional() @IsString() name?: string;
  @Expose() @IsOptional() @IsString() address?: string;
}
