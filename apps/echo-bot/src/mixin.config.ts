import { registerAs } from '@nestjs/config';
import { readKeystoreFile, type MixinBlazeModuleOptions } from 'nestjs-mixin-blaze';

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
