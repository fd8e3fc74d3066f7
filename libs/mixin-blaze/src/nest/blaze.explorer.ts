import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, ExternalContextCreator, MetadataScanner, ModuleRef } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper.js';
import { HandlerRegistry, type MessageHandler } from '../dispatch/handler-registry.js';
import { BLAZE_SETTINGS } from '../mixin-blaze.constants.js';
import { checkRetry, type BlazeSettings } from '../options/resolve-options.js';
import { BlazeOptionsError } from '../options/blaze-options.error.js';
import { isGuardRefusal } from './guard-refusal.js';
import { createInvoker } from './handler-invoker.js';
import { ON_DEAD_LETTER_METADATA } from './on-dead-letter.decorator.js';
import { ON_MESSAGE_METADATA, type OnMessageMetadata, type OnMessageOptions } from './on-message.decorator.js';

/** Finds every `@OnMessage` and `@OnDeadLetter` method at module init and binds it into the registry. */
@Injectable()
export class BlazeExplorer implements OnModuleInit {
  private readonly logger = new Logger('MixinBlaze');

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly registry: HandlerRegistry,
    private readonly contexts: ExternalContextCreator,
    private readonly moduleRef: ModuleRef,
    @Inject(BLAZE_SETTINGS) private readonly settings: BlazeSettings,
  ) {}

  onModuleInit(): void {
    for (const wrapper of [...this.discovery.getProviders(), ...this.discovery.getControllers()]) {
      this.explore(wrapper);
    }
    this.logger.log(`bound ${this.registry.size} message categories: ${this.registry.categories().join(', ') || 'none'}`);
  }

  private explore(wrapper: InstanceWrapper): void {
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
      for (const { categories, options } of entries ?? []) {
        const handler = this.bind(name, options, createInvoker(this.contexts, this.moduleRef, wrapper, methodName));
        for (const category of categories) this.registry.add(category, handler);
      }
      if (Reflect.getMetadata(ON_DEAD_LETTER_METADATA, method)) {
        const invoke = createInvoker(this.contexts, this.moduleRef, wrapper, methodName);
        this.registry.deadLetterHooks.push({ name, call: (letter) => invoke(letter, undefined as never) });
      }
    }
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
