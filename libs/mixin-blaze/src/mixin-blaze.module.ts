import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { BlazeLifecycle } from './blaze-lifecycle.js';
import { BlazeRuntime } from './blaze-runtime.js';
import { HandlerRegistry } from './dispatch/handler-registry.js';
import { ConfigurableModuleClass } from './mixin-blaze.module-definition.js';
import { MixinBlazeService } from './mixin-blaze.service.js';
import { BlazeExplorer } from './nest/blaze.explorer.js';
import { BlazeProbe } from './observability/blaze-probe.js';
import { blazeTelemetryProvider } from './observability/blaze-telemetry.js';

/**
 * The Mixin Blaze module: `MixinBlazeModule.forRoot({ keystore })` or `forRootAsync({ useFactory, inject })`.
 * Provides `MixinBlazeService` and runs the app's `@OnMessage` handlers. Several bots: one
 * `forRoot({ name, ... })` each; handlers say `{ bot: name }`, services come from `@InjectMixinBlaze(name)`.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    // The engine's registry is a plain class: one per bot, filled by its explorer.
    { provide: HandlerRegistry, useFactory: () => new HandlerRegistry() },
    BlazeRuntime,
    BlazeExplorer,
    BlazeLifecycle,
    MixinBlazeService,
    // Metrics and traces (loaded only when configured), and the probe health reads.
    blazeTelemetryProvider,
    BlazeProbe,
  ],
  // What a bot exports depends on its name: see nest/bot-module.ts.
})
export class MixinBlazeModule extends ConfigurableModuleClass {}
