import { instanceToPlain, plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { payloadSpecFor, type PayloadClass } from '../messages/payload-registry.js';
import { OUTGOING_TRANSFORM, OUTGOING_VALIDATION } from '../messages/dto-options.js';
import { collectIssues } from '../messages/validation-issues.js';
import { isSendableCategory, SENDABLE_CATEGORIES } from './sendable-categories.js';

// The outgoing rules: the shared ones plus the `outgoing` group, which is stricter than what
// the decoder accepts where that keeps a bot from sending what clients cannot draw (see
// messages/payloads/directions.ts). Anything valid here also passes incoming validation.
// No incoming conversions run here: what the caller gives is what is checked and sent.
const EXPOSED = OUTGOING_TRANSFORM;
const VALIDATE = OUTGOING_VALIDATION;

const NOT_SENDABLE =
  `bots can only send ${SENDABLE_CATEGORIES.join(', ')}; ` + 'pass the payload as a Buffer to send another category as raw bytes';

/**
 * Validates `payload` for `category` and returns its wire bytes, or pushes readable
 * constraints (never values) onto `issues` and returns undefined.
 */
export function encodePayload(category: string, payload: unknown, issues: string[]): Buffer | undefined {
  if (Buffer.isBuffer(payload)) {
    if (payload.length === 0) return fail(issues, 'payload must not be empty');
    return payload;
  }
  if (!isSendableCategory(category)) return fail(issues, NOT_SENDABLE);
  const spec = payloadSpecFor(category);
  switch (spec.kind) {
    case 'text':
      if (typeof payload !== 'string') return fail(issues, `payload of ${category} must be a string`);
      // The server refuses empty data, so say so before sending.
      if (payload === '') return fail(issues, 'payload must not be empty');
      return Buffer.from(payload, 'utf8');
    case 'object': {
      const instance = toValidInstance(payload, spec.payloadClass, 'payload', issues);
      return instance === undefined ? undefined : json(instanceToPlain(instance, EXPOSED));
    }
    case 'array': {
      if (!Array.isArray(payload)) return fail(issues, `payload of ${category} must be an array of ${spec.payloadClass.name}`);
      const before = issues.length;
      if (payload.length < spec.minItems) issues.push(`payload: must contain at least ${spec.minItems} elements`);
      if (payload.length > spec.maxItems) issues.push(`payload: must contain no more than ${spec.maxItems} elements`);
      const items = payload.map((item, i) => toValidInstance(item, spec.payloadClass, `payload[${i}]`, issues));
      return issues.length > before ? undefined : json(items.map((item) => instanceToPlain(item, EXPOSED)));
    }
    case 'raw':
      // Unreachable while every sendable category is in the registry; refuse rather than guess.
      return fail(issues, `no payload class is registered for ${category}`);
  }
}

/**
 * A validated payload class instance from either accepted form. Instances go through their wire
 * form and back, so nested plain objects get their classes and extras are dropped (including
 * the unknown wire keys a decoded payload keeps): what is validated is exactly what is sent.
 */
function toValidInstance(value: unknown, cls: PayloadClass, path: string, issues: string[]): object | undefined {
  let instance: object;
  if (value instanceof cls) {
    instance = plainToInstance(cls, instanceToPlain(value, EXPOSED), EXPOSED);
  } else if (isPlainObject(value)) {
    instance = plainToInstance(cls, value, EXPOSED);
  } else {
    issues.push(`${path}: must be a ${cls.name} instance or a plain wire-shaped (snake_case) object`);
    return undefined;
  }
  const before = issues.length;
  for (const { path: at, messages } of collectIssues(validateSync(instance, VALIDATE), path)) {
    for (const message of messages) issues.push(`${at}: ${message}`);
  }
  return issues.length > before ? undefined : instance;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

function fail(issues: string[], issue: string): undefined {
  issues.push(issue);
  return undefined;
}
