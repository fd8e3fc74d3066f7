import type { DynamicModule, Provider } from '@nestjs/common';
import { BLAZE_SETTINGS, MIXIN_BLAZE_OPTIONS } from '../mixin-blaze.constants.js';
import type { MixinBlazeModuleOptions } from '../mixin-blaze.options.js';
import { MixinBlazeService } from '../mixin-blaze.service.js';
import { BlazeOptionsError } from '../options/blaze-options.error.js';
import { resolveSettings } from '../options/resolve-options.js';
import { BlazeProbe, getBlazeProbeToken } from '../observability/blaze-probe.js';
import { BLAZE_BOT_NAME, getMixinBlazeOptionsToken, getMixinBlazeToken } from './bot-tokens.js';

/** What `forRoot` / `forRootAsync` take besides the options: module-level switches. */
export interface MixinBlazeModuleExtras {
  /** Register the module globally (default true). */
  isGlobal?: boolean;
  /**
   * Names the bot, for several bots in one app: its service is injected with
   * `@InjectMixinBlaze(name)` and its handlers say `@OnMessage(category, { bot: name })`.
   * Without a name, this is the app's one unnamed bot, injected as `MixinBlazeService`.
   */
  name?: string;
}

const NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * Completes the dynamic module of one bot: its name, its options under a per-bot token (so a test
 * can point one bot at an emulator), its settings, and what it exports (`MixinBlazeService` for
 * the unnamed bot, the named token otherwise, so that two global bots never shadow each other).
 */
export function botModule(definition: DynamicModule, extras: MixinBlazeModuleExtras): DynamicModule {
  const { name } = extras;
  if (name !== undefined && (typeof name !== 'string' || !NAME.test(name))) {
    throw new BlazeOptionsError('name', 'must be 1 to 64 letters, digits, ".", "_" or "-"');
  }
  const optionsToken = getMixinBlazeOptionsToken(name);
  const providers: Provider[] = [
    { provide: BLAZE_BOT_NAME, useValue: name ?? null },
    { provide: optionsToken, useExisting: MIXIN_BLAZE_OPTIONS },
    // Found by MixinBlazeHealthIndicator through ModuleRef, by name.
    { provide: getBlazeProbeToken(name), useExisting: BlazeProbe },
    { provide: BLAZE_SETTINGS, useFactory: (options: MixinBlazeModuleOptions) => resolveSettings(options, name), inject: [optionsToken] },
  ];
  if (name !== undefined) providers.push({ provide: getMixinBlazeToken(name), useExisting: MixinBlazeService });
  return {
    ...definition,
    global: extras.isGlobal ?? true,
    providers: [...(definition.providers ?? []), ...providers],
    exports: [...(definition.exports ?? []), getMixinBlazeToken(name)],
  };
}
