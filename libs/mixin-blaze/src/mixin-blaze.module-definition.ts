import { ConfigurableModuleBuilder } from '@nestjs/common';
import { MIXIN_BLAZE_OPTIONS } from './mixin-blaze.constants.js';
import type { MixinBlazeModuleOptions } from './mixin-blaze.options.js';
import { botModule, type MixinBlazeModuleExtras } from './nest/bot-module.js';

export { MIXIN_BLAZE_OPTIONS };

/**
 * `forRoot` / `forRootAsync`, built by Nest's ConfigurableModuleBuilder, with two extras:
 * `isGlobal` (default true) and `name` (several bots in one app; see `botModule`).
 */
export const { ConfigurableModuleClass, OPTIONS_TYPE, ASYNC_OPTIONS_TYPE } = new ConfigurableModuleBuilder<MixinBlazeModuleOptions>({
  optionsInjectionToken: MIXIN_BLAZE_OPTIONS,
})
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createMixinBlazeOptions')
  .setExtras<MixinBlazeModuleExtras>({ isGlobal: true, name: undefined }, botModule)
  .build();
