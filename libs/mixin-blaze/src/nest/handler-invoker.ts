import { ContextIdFactory, ExternalContextCreator, ModuleRef } from '@nestjs/core';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper.js';
import type { BlazeContext } from '../dispatch/blaze-context.js';
import { BLAZE_CONTEXT_TYPE } from './blaze-context-type.js';
import { blazeParamsFactory } from './param.decorator.js';
import { quietExceptions } from './quiet-exceptions.js';

type Invoke = (message: unknown, context: BlazeContext) => Promise<unknown>;

const ENHANCERS = { guards: true, interceptors: true, filters: true };

/**
 * Wraps a provider method so that it runs like a Nest handler: guards, interceptors, pipes and
 * exception filters (global ones included) around it, parameters from `@Payload`/`@Ctx`/`@Message`.
 * Request-scoped and transient providers get a fresh instance per message, with the message
 * registered as the request (inject it with `@Inject(BLAZE_MESSAGE)`). An exception no filter
 * handles is rethrown to the engine, which logs it, without Nest's `ExceptionsHandler` line.
 */
export function createInvoker(
  contexts: ExternalContextCreator,
  moduleRef: ModuleRef,
  wrapper: InstanceWrapper,
  methodName: string,
): Invoke {
  contexts = quietExceptions(contexts);
  const prototype = Object.getPrototypeOf(wrapper.instance) as Record<string, (...args: unknown[]) => unknown>;
  // The unbound prototype method: Nest reads guard/interceptor metadata from this very function.
  const method = prototype[methodName];
  if (wrapper.isDependencyTreeStatic() && !wrapper.isTransient) {
    const run = contexts.create(wrapper.instance, method, methodName, ROUTE_ARGS_METADATA, blazeParamsFactory, undefined, undefined, ENHANCERS, BLAZE_CONTEXT_TYPE);
    return (message, context) => run(message, context);
  }
  // Resolve in the module that declares the provider, by the token it is provided under: the class
  // alone misses `{ provide: 'TOKEN', useClass, scope }` and may pick another module's provider.
  const host = (wrapper.host?.providers.get(ModuleRef)?.instance as ModuleRef | undefined) ?? moduleRef;
  const strict = host !== moduleRef;
  return async (message, context) => {
    const contextId = ContextIdFactory.create();
    moduleRef.registerRequestByContextId(message, contextId);
    const instance = await host.resolve(wrapper.token as never, contextId, { strict });
    const run = contexts.create(instance as object, method, methodName, ROUTE_ARGS_METADATA, blazeParamsFactory, contextId, wrapper.id, ENHANCERS, BLAZE_CONTEXT_TYPE);
    return run(message, context);
  };
}
