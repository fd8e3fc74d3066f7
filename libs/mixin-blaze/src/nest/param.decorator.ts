import { assignMetadata, type PipeTransform, type Type } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import type { ParamsFactory } from '@nestjs/core';
import type { BlazeMessage } from '../messages/blaze-message.dto.js';
import type { BlazeContext } from '../dispatch/blaze-context.js';

// Above Nest's own route param types, so the two never collide in ROUTE_ARGS_METADATA.
const enum BlazeParamType {
  PAYLOAD = 40,
  CONTEXT = 41,
  MESSAGE = 42,
}

type Pipe = Type<PipeTransform> | PipeTransform;

function paramDecorator(type: BlazeParamType, data?: string, pipes: Pipe[] = []): ParameterDecorator {
  return (target, key, index) => {
    const owner = target.constructor;
    const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, owner, key as string) ?? {};
    Reflect.defineMetadata(ROUTE_ARGS_METADATA, assignMetadata(args, type, index, data, ...pipes), owner, key as string);
  };
}

/**
 * The message payload, or one property of it (`@Payload('amount')`), through optional pipes.
 * Like all parameter decorators, it makes Nest pass only decorated parameters.
 */
export function Payload(propertyOrPipe?: string | Pipe, ...pipes: Pipe[]): ParameterDecorator {
  return typeof propertyOrPipe === 'string' || propertyOrPipe === undefined
    ? paramDecorator(BlazeParamType.PAYLOAD, propertyOrPipe, pipes)
    : paramDecorator(BlazeParamType.PAYLOAD, undefined, [propertyOrPipe, ...pipes]);
}

/** The `BlazeContext` of the message: raw envelope, attempt number, `ack()`. */
export function Ctx(): ParameterDecorator {
  return paramDecorator(BlazeParamType.CONTEXT);
}

/** The whole message DTO (what an undecorated first parameter receives when no parameter is decorated). */
export function Message(...pipes: Pipe[]): ParameterDecorator {
  return paramDecorator(BlazeParamType.MESSAGE, undefined, pipes);
}

/** Turns the handler arguments `[message, context]` into the values of decorated parameters. */
export const blazeParamsFactory: ParamsFactory = {
  exchangeKeyForValue(type: number, data: unknown, args: [BlazeMessage, BlazeContext]) {
    const [message, context] = args;
    switch (type) {
      case BlazeParamType.CONTEXT:
        return context;
      case BlazeParamType.MESSAGE:
        return message;
      case BlazeParamType.PAYLOAD: {
        const payload = message.payload as Record<string, unknown> | undefined;
        return typeof data === 'string' ? payload?.[data] : payload;
      }
      default:
        return undefined;
    }
  },
};
