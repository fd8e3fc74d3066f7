import { Module, type DynamicModule } from '@nestjs/common';
import { playgroundReporting, type Playground } from 'nestjs-mixin-blaze/testing';
import { BotModule } from '../bot.module.js';

@Module({})
class EchoBotDemoModule {}

/**
 * The bot as it runs against the emulator: BotModule unchanged, plus the providers that report
 * handler attempts and dead letters to the playground page (which only the bot can know).
 */
export function demoModule(playground: Playground): DynamicModule {
  return { module: EchoBotDemoModule, imports: [BotModule], providers: playgroundReporting(playground) };
}
