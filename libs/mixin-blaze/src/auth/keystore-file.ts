import { Logger } from '@nestjs/common';
import { readFileSync, statSync } from 'node:fs';

/**
 * Reads a keystore JSON file for `MixinBlazeModule.forRoot({ keystore })`. The file holds the
 * bot's private key, so one that other users on the machine can read draws a warning (chmod 600).
 * The content is checked later, at module startup, without ever being echoed.
 */
export function readKeystoreFile(path: string): string {
  const { mode } = statSync(path);
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    new Logger('MixinBlaze').warn(
      `keystore file ${path} is readable by other users (mode ${(mode & 0o777).toString(8)}); run chmod 600 on it`,
    );
  }
  return readFileSync(path, 'utf8');
}
