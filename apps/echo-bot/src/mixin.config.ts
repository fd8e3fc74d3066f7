import { Logger } from '@nestjs/common';
import { registerAs } from '@nestjs/config';
import { readFileSync, statSync } from 'node:fs';
import type { MixinBlazeModuleOptions } from 'nestjs-mixin-blaze';

/**
 * The bot's Mixin settings from the environment:
 * - MIXIN_KEYSTORE: a keystore JSON file path, or the JSON text itself;
 * - MIXIN_BLAZE_URL / MIXIN_API_URL: optional endpoint overrides (the demo points them at the emulator).
 */
export const mixinConfig = registerAs('mixin', (): MixinBlazeModuleOptions => {
  const source = process.env.MIXIN_KEYSTORE;
  if (!source) throw new Error('MIXIN_KEYSTORE is not set: give a keystore file path or its JSON text');
  return {
    keystore: source.trim().startsWith('{') ? source : readKeystoreFile(source),
    blazeUrl: process.env.MIXIN_BLAZE_URL || undefined,
    apiUrl: process.env.MIXIN_API_URL || undefined,
  };
});

function readKeystoreFile(path: string): string {
  // The file holds the bot's private key: others on this machine should not be able to read it.
  if ((statSync(path).mode & 0o077) !== 0) {
    new Logger('EchoBot').warn(`keystore file ${path} is readable by other users; run chmod 600 on it`);
  }
  return readFileSync(path, 'utf8');
}
