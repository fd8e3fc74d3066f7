import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper.js';
import { HandlerRegistry } from './handler-registry.js';
import { ON_MESSAGE_METADATA, type OnMessageMetadata } from './on-message.decorator.js';

/** Finds every `@OnMessage` method at module init and binds it into the handler registry. */
@Injectable()
export class BlazeExplorer implements OnModuleInit {
  private readonly logger = new Logger('MixinBlaze');

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly registry: HandlerRegistry,
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
    const prototype = Object.getPrototypeOf(instance) as object | null;
    if (!prototype) return;
    for (const methodName of this.scanner.getAllMethodNames(prototype)) {
      const method = (prototype as Record<string, unknown>)[methodName];
      if (typeof method !== 'function') continue;
      const entries: OnMessageMetadata[] | undefined = Reflect.getMetadata(ON_MESSAGE_METADATA, method);
      if (!entries) continue;
      const name = `${instance.constructor.name}.${methodName}`;
      if (!wrapper.isDependencyTreeStatic()) {
        throw new Error(
          `${name} is an @OnMessage handler on a request-scoped or transient provider; make ${instance.constructor.name} a singleton (request-scoped handlers are not supported yet).`,
        );
      }
      for (const { categories, options } of entries) {
        const handler = {
          name,
          autoAck: options.autoAck ?? true,
          dto: options.dto,
          invoke: (message: unknown) => (method as (m: unknown) => unknown).call(instance, message),
        };
        for (const category of categories) this.registry.add(category, handler);
      }
    }
  }
}
