/**
 * The guards, interceptors, pipes, filters and handlers of `test/nest-enhancers.e2e-spec.ts`, each
 * recording what it saw in `seen`.
 */
import {
  Catch,
  Injectable,
  ParseIntPipe,
  UseFilters,
  UseGuards,
  UseInterceptors,
  type ArgumentMetadata,
  type ArgumentsHost,
  type CallHandler,
  type CanActivate,
  type ExceptionFilter,
  type ExecutionContext,
  type NestInterceptor,
  type PipeTransform,
} from '@nestjs/common';
import { tap, type Observable } from 'rxjs';
import {
  BlazeContext,
  Ctx,
  ImagePayload,
  Message,
  OnMessage,
  Payload,
  PostMessage,
  TextMessage,
  isBlazeContext,
  type BlazeMessage,
  type ImageMessage,
} from 'nestjs-mixin-blaze';
import { deferred } from './bot-app.js';

/**
 * What the enhancers and handlers saw, by message id. Module-level rather than a provider, so that
 * enhancers Nest instantiates on its own (`@UseGuards(Class)`) need no injection to reach it.
 */
export const seen = {
  /** Guards, interceptors and handlers in the order they ran. */
  trail: new Map<string, string[]>(),
  /** What the global interceptor read from its ExecutionContext. */
  interceptor: new Map<string, { type: string; isBlaze: boolean; arg0: unknown; arg1: unknown; className: string; handlerName: string }>(),
  /** Parameter values each handler received. */
  params: new Map<string, unknown[]>(),
  /** `getType()` the guard saw. */
  guardTypes: new Map<string, string>(),
  /** Values the global pipe transformed (all messages), with their metadata type. */
  piped: [] as Array<{ value: unknown; type: unknown }>,
  /** How many times the HTTP-only interceptor saw a Blaze context and stepped aside. */
  httpOnlyStepAside: new Map<string, number>(),
  /** Exceptions the filters caught, with the host type. */
  filtered: new Map<string, { filter: string; error: unknown; hostType: string }>(),
  /** Early-ack handler: held open on a gate after ctx.ack() resolved. */
  earlyAck: new Map<string, { acked: boolean; ackedWhileRunning?: boolean; finished: boolean; gate: ReturnType<typeof deferred<void>> }>(),
};

export function trail(messageId: string, step: string): void {
  const steps = seen.trail.get(messageId) ?? [];
  steps.push(step);
  seen.trail.set(messageId, steps);
}

export function messageOf(ctx: ExecutionContext | ArgumentsHost): BlazeMessage {
  return ctx.getArgByIndex<BlazeMessage>(0);
}

export class SwallowedError extends Error {}

@Injectable()
export class GlobalGuard implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    const message = messageOf(ctx);
    trail(message.messageId, 'guard:global');
    seen.guardTypes.set(message.messageId, ctx.getType());
    return !(message.category === 'PLAIN_POST' && message.payload === 'deny');
  }
}

@Injectable()
export class ClassGuard implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    trail(messageOf(ctx).messageId, 'guard:class');
    return true;
  }
}

@Injectable()
export class MethodGuard implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    const message = messageOf(ctx) as ImageMessage;
    trail(message.messageId, 'guard:method');
    return message.payload.width !== 666;
  }
}

export function recordingInterceptor(name: string) {
  @Injectable()
  class Recording implements NestInterceptor {
    intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
      const id = messageOf(ctx).messageId;
      trail(id, `interceptor:${name}:before`);
      return next.handle().pipe(tap(() => trail(id, `interceptor:${name}:after`)));
    }
  }
  return Recording;
}
export const ClassInterceptor = recordingInterceptor('class');
export const MethodInterceptor = recordingInterceptor('method');

@Injectable()
export class GlobalInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const arg0 = ctx.getArgByIndex<BlazeMessage>(0);
    seen.interceptor.set(arg0.messageId, {
      type: ctx.getType(),
      isBlaze: isBlazeContext(ctx),
      arg0,
      arg1: ctx.getArgByIndex(1),
      className: ctx.getClass().name,
      handlerName: ctx.getHandler().name,
    });
    trail(arg0.messageId, 'interceptor:global:before');
    return next.handle().pipe(tap(() => trail(arg0.messageId, 'interceptor:global:after')));
  }
}

/** Written for HTTP only: it would throw on a Blaze message (no headers), unless it steps aside. */
@Injectable()
export class HttpOnlyInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!isBlazeContext(ctx)) {
      const request = ctx.switchToHttp().getRequest<{ headers: Record<string, string> }>();
      if (!request.headers['x-api-key']) throw new Error('HTTP-only interceptor ran on a non-HTTP context');
    } else {
      const id = messageOf(ctx).messageId;
      seen.httpOnlyStepAside.set(id, (seen.httpOnlyStepAside.get(id) ?? 0) + 1);
    }
    return next.handle();
  }
}

/** APP_PIPE: runs on every decorated parameter; records and passes the value through. */
@Injectable()
export class GlobalPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    seen.piped.push({ value, type: metadata.type });
    return value;
  }
}

/** APP_FILTER for one error class: swallows it by returning a value. */
@Catch(SwallowedError)
export class SwallowFilter implements ExceptionFilter {
  catch(error: SwallowedError, host: ArgumentsHost): string {
    seen.filtered.set(messageOf(host).messageId, { filter: 'global', error, hostType: host.getType() });
    return 'swallowed';
  }
}

/** A catch-everything filter, bound with @UseFilters on one method. */
@Catch()
export class CatchAllFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): { handled: true } {
    seen.filtered.set(messageOf(host).messageId, { filter: 'method', error, hostType: host.getType() });
    return { handled: true };
  }
}

@Injectable()
@UseGuards(ClassGuard)
@UseInterceptors(ClassInterceptor)
export class Handlers {
  readonly called = new Set<string>();

  /** Pipes: a failing ParseIntPipe is a handler failure. */
  @OnMessage('PLAIN_TEXT')
  onText(@Payload(new ParseIntPipe()) n: number, @Message() message: TextMessage): void {
    this.called.add(message.messageId);
    seen.params.set(message.messageId, [n, message]);
    trail(message.messageId, 'handler');
  }

  /** Every param decorator at once, plus method-level guard and interceptor. */
  @OnMessage('PLAIN_IMAGE')
  @UseGuards(MethodGuard)
  @UseInterceptors(MethodInterceptor)
  onImage(@Message() message: ImageMessage, @Payload('width') width: number, @Payload() payload: ImagePayload, @Ctx() ctx: BlazeContext): string {
    this.called.add(message.messageId);
    seen.params.set(message.messageId, [message, width, payload, ctx]);
    trail(message.messageId, 'handler');
    return 'image handled';
  }

  /** No decorated parameter: the first parameter is the DTO. */
  @OnMessage('PLAIN_POST')
  onPost(message: PostMessage): void {
    this.called.add(message.messageId);
    seen.params.set(message.messageId, [message]);
    trail(message.messageId, 'handler');
  }

  /** Acks early, then stays open until the test releases it. */
  @OnMessage('PLAIN_CONTACT')
  async onContact(@Ctx() ctx: BlazeContext): Promise<void> {
    const state = { acked: false, finished: false, gate: deferred() };
    seen.earlyAck.set(ctx.messageId, state);
    await ctx.ack();
    state.acked = true;
    await state.gate.promise;
    state.finished = true;
  }

  @OnMessage('PLAIN_STICKER')
  @UseFilters(CatchAllFilter)
  onSticker(@Message() message: BlazeMessage): void {
    this.called.add(message.messageId);
    throw new Error(`sticker handler blew up on ${message.messageId}`);
  }

  @OnMessage('PLAIN_LOCATION')
  onLocation(@Message() message: BlazeMessage): void {
    this.called.add(message.messageId);
    throw new SwallowedError(`location handler blew up on ${message.messageId}`);
  }
}
