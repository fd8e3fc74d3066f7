import { Inject, type InjectionToken } from '@nestjs/common';
import { MixinBlazeService } from '../mixin-blaze.service.js';

/** Injection token holding a bot's name (`null` for the unnamed bot), one per `forRoot`. */
export const BLAZE_BOT_NAME = Symbol('mixin-blaze:bot-name');

/** How a bot is named in messages: `bot "support"`, or `the unnamed bot`. */
export function botLabel(name: string | null | undefined): string {
  return name == null ? 'the unnamed bot' : `bot "${name}"`;
}

/** The token of a bot's `MixinBlazeService`: the class itself for the unnamed bot. */
export function getMixinBlazeToken(name?: string): InjectionToken {
  return name === undefined ? MixinBlazeService : `MixinBlazeService:${name}`;
}

/**
 * The token of a bot's module options, as `forRoot`/`forRootAsync` produced them. Override it in a
 * test to point one bot at an emulator (`useEmulator` from `nestjs-mixin-blaze/testing` does).
 */
export function getMixinBlazeOptionsToken(name?: string): string {
  return `MixinBlazeOptions:${name ?? ''}`;
}

/** Injects the `MixinBlazeService` of a named bot: `@InjectMixinBlaze('support') blaze: MixinBlazeService`. */
export function InjectMixinBlaze(name?: string): PropertyDecorator & ParameterDecorator {
  return Inject(getMixinBlazeToken(name));
}
