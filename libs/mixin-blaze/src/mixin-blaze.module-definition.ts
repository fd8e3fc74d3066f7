import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { MixinBlazeModuleOptions } from './mixin-blaze.options.js';

/** `forRoot` / `forRootAsync` with `isGlobal` (default true), built by Nest's ConfigurableModuleBuilder. */
export const {
  ConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN: MIXIN_BLAZE_OPTIONS,
  OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<MixinBlazeModuleOptions>()
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createMixinBlazeOptions')
  .setExtras({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal ?? true }))
  .build();
