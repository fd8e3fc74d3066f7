import { MIXIN_BLAZE_OPTIONS } from '../mixin-blaze.constants.js';
import type { MixinBlazeModuleOptions } from '../mixin-blaze.options.js';
import { getMixinBlazeOptionsToken } from '../nest/bot-tokens.js';
import type { BlazeEmulator } from './blaze-emulator.js';

/** The part of `@nestjs/testing`'s TestingModuleBuilder that `useEmulator` uses. */
export interface OverridableTestingModule<T> {
  overrideProvider(token: unknown): { useFactory(options: { factory: (...args: any[]) => unknown; inject?: unknown[] }): T };
}

/** Options of {@link useEmulator}. */
export interface UseEmulatorOptions {
  /** The bot to point at the emulator (`forRoot({ name })`); default the unnamed bot. */
  bot?: string;
  /** Options to change on top (e.g. short timeouts in tests). */
  overrides?: Partial<MixinBlazeModuleOptions>;
}

/**
 * Points a real bot module at an emulator in a test: its own options (handlers' settings, hooks)
 * stay, and the keystore and endpoints become the emulator's.
 *
 *   const moduleRef = await useEmulator(Test.createTestingModule({ imports: [BotModule] }), emu).compile();
 *
 * For several bots, call it once per bot with `{ bot: name }` (one emulator each).
 */
export function useEmulator<T>(builder: OverridableTestingModule<T>, emu: BlazeEmulator, options: UseEmulatorOptions = {}): T {
  return builder.overrideProvider(getMixinBlazeOptionsToken(options.bot)).useFactory({
    factory: (original: MixinBlazeModuleOptions) => ({ ...original, ...emu.moduleOptions(), ...options.overrides }),
    inject: [MIXIN_BLAZE_OPTIONS],
  });
}
