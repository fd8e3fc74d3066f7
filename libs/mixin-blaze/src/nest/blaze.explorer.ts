import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, ExternalContextCreator, MetadataScanner, ModuleRef } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper.js';
import { HandlerRegistry, type MessageHandler } from '../dispatch/handler-registry.js';
import { BLAZE_SETTINGS } from '../mixin-blaze.constants.js';
import { checkRetry, type BlazeSettings } from '../options/resolve-options.js';
import { BlazeOptionsError } from '../options/blaze-options.error.js';
import { BLAZE_BOT_NAME, botLabel } from './bot-tokens.js';
import { checkBots, checkCategories } from './handler-checks.js';
import { isGuardRefusal } from './guard-refusal.js';
import { createInvoker } from './handler-invoker.js';
import { ON_DEAD_LETTER_METADATA, type OnDeadLetterOptions } from './on-dead-letter.decorator.js';
import { ON_MESSAGE_METADATA, type OnMessageMetadata, type OnMessageOptions } from './on-message.decorator.js';

/**
 * Finds at module init the `@OnMessage` and `@OnDeadLetter` methods of this explorer's bot (those
 * whose `bot` option names it; no `bot` means the unnamed bot) and binds them into its registry.
 * It refuses to start on a category that is not listed (naming the nearest), a handler for a bot
 * no `forRoot` declares, and two bots of the same name.
 */
@Injectable()
export class BlazeExplorer implements OnModuleInit {
  private readonly logger: Logger;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly registry: HandlerRegistry,
    private readonly contexts: ExternalContextCreator,
    private readonly moduleRef: ModuleRef,
    @Inject(BLAZE_SETTINGS) private readonly settings: BlazeSettings,
    @Inject(BLAZE_BOT_NAME) private readonly bot: string | null,
  ) {
    this.logger = new Logger(bot === null ? 'MixinBlaze' : `MixinBlaze:${bot}`);
  }

  onModuleInit(): void {
    const wrappers = [...this.discovery.getProviders(), ...this.discovery.getControllers()];
    const bots = checkBots(wrappers.filter((w) => w.token === BLAZE_BOT_NAME).map((w) => w.instance as string | null));
    for (const wrapper of wrappers) this.explore(wrapper, bots);
    this.logger.log(`bound ${this.registry.size} message categories for ${botLabel(this.bot)}: ${this.registry.categories().join(', ') || 'none'}`);
  }

  private explore(wrapper: InstanceWrapper, bots: ReadonlySet<string | null>): void {
    const { instance } = wrapper;
    // Aliases (useExisting) point at a provider that is scanned on its own.
    if (wrapper.isAlias || !instance || typeof instance !== 'object') return;
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown> | null;
    if (!prototype) return;
    for (const methodName of this.scanner.getAllMethodNames(prototype)) {
      const method = prototype[methodName];
      if (typeof method !== 'function') continue;
      const name = `${instance.constructor.name}.${methodName}`;
      const entries: OnMessageMetadata[] | undefined = Reflect.getMetadata(ON_MESSAGE_METADATA, method);
      for (const entry of entries ?? []) {
        if (!this.mine(entry.options.bot, bots, `@OnMessage on ${name}`)) continue;
        checkCategories(entry, name);
        const handler = this.bind(name, entry.options, createInvoker(this.contexts, this.moduleRef, wrapper, methodName));
        for (const category of entry.categories) this.registry.add(category, handler);
      }
      const deadLetter: OnDeadLetterOptions | true | undefined = Reflect.getMetadata(ON_DEAD_LETTER_METADATA, method);
      if (deadLetter && this.mine(deadLetter === true ? undefined : deadLetter.bot, bots, `@OnDeadLetter on ${name}`)) {
        const invoke = createInvoker(this.contexts, this.moduleRef, wrapper, methodName);
        this.registry.deadLetterHooks.push({ name, call: (letter) => invoke(letter, undefined as never) });
      }
    }
  }

  /** Whether a handler for `bot` belongs to this explorer's bot; a bot nobody declared is an error. */
  private mine(bot: string | undefined, bots: ReadonlySet<string | null>, what: string): boolean {
    const wanted = bot ?? null;
    if (!bots.has(wanted)) {
      throw new BlazeOptionsError(
        `${what}`,
        `is for ${botLabel(wanted)}, but no MixinBlazeModule.forRoot${wanted === null ? '' : `({ name: '${wanted}', ... })`} declares it` +
          (wanted === null ? `; pass { bot: '<name>' } to bind it to one of the named bots (${[...bots].join(', ')})` : ''),
      );
    }
    return wanted === this.bot;
  }

  private bind(name: string, options: OnMessageOptions, invoke: MessageHandler['invoke']): MessageHandler {
    const defaults = this.settings.options;
    const retry = { ...defaults.retry, ...options.retry };
    checkRetry(`@OnMessage retry of ${name}`, retry);
    const concurrency = options.concurrency ?? Infinity;
    if (!(concurrency >= 1)) throw new BlazeOptionsError(`@OnMessage concurrency of ${name}`, 'must be at least 1');
    return {
      name,
      autoAck: options.autoAck ?? true,
      ordered: options.ordered ?? true,
      concurrency,
      retry,
      timeoutMs: options.timeoutMs ?? defaults.handlerTimeoutMs,
      deadLetter: options.deadLetter ?? defaults.deadLetter,
      dto: options.dto,
      invoke,
      isRefusal: isGuardRefusal,
    };
  }
}
