import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { BlazeLifecycle } from './blaze-lifecycle.js';
import { BlazeRuntime } from './blaze-runtime.js';
import { HandlerRegistry } from './dispatch/handler-registry.js';
import { BLAZE_SETTINGS } from './mixin-blaze.constants.js';
import { ConfigurableModuleClass, MIXIN_BLAZE_OPTIONS } from './mixin-blaze.module-definition.js';
import type { MixinBlazeModuleOptions } from './mixin-blaze.options.js';
import { MixinBlazeService } from './mixin-blaze.service.js';
import { BlazeExplorer } from './nest/blaze.explorer.js';
import { resolveSettings } from './options/resolve-options.js';

/**
 * The Mixin Blaze module: `MixinBlazeModule.forRoot({ keystore })` or `forRootAsync({ useFactory, inject })`.
 * Provides `MixinBlazeService` and runs every `@OnMessage` handler in the application.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    {
      provide: BLAZE_SETTINGS,
      useFactory: (options: MixinBlazeModuleOptions) => resolveSettings(options),
      inject: [MIXIN_BLAZE_OPTIONS],
    },
    // The engine's registry is a plain class: one per application, filled by the explorer.
    { provide: HandlerRegistry, useFactory: () => new HandlerRegistry() },
    BlazeRuntime,
    BlazeExplorer,
    BlazeLifecycle,
    MixinBlazeService,
  ],
  exports: [MixinBlazeService],
})
export class MixinBlazeModule extends ConfigurableModuleClass {}
