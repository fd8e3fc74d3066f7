import { instanceToPlain, plainToInstance } from 'class-transformer';
import { OUTGOING_TRANSFORM } from './dto-options.js';

/**
 * Keys that are never copied from the wire onto anything: assigning them could replace an
 * object's prototype or shadow its constructor. `guardJson` already deletes them from parsed
 * payloads; this is the second line.
 */
export const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** What `keepExtras` must leave alone on one payload class. */
interface Shape {
  /** Wire key → the property it fills (e.g. `attachment_id` → `attachmentId`). */
  readonly wireToProp: ReadonlyMap<string, string>;
  /** Keys that are not extras: wire names, aliases, property names and the unsafe keys. */
  readonly reserved: ReadonlySet<string>;
}

const aliases = new WeakMap<object, Set<string>>();
const shapes = new WeakMap<object, Shape>();

/** Records that `cls` reads `wireKey` into a property as a second spelling (e.g. `wave_form`). */
export function registerAlias(cls: object, wireKey: string): void {
  const set = aliases.get(cls) ?? new Set<string>();
  set.add(wireKey);
  aliases.set(cls, set);
}

/**
 * Copies the wire keys a payload class does not model onto its instance (and onto the nested
 * payload instances it holds, such as an app card's `cover` and `actions`), as the raw JSON
 * values. Skipped: keys a property already reads, the property names themselves (a camelCase
 * wire key must not overwrite a validated field), anything on the prototype chain (`toString`,
 * `hasOwnProperty`…) and {@link UNSAFE_KEYS}.
 */
export function keepExtras(target: object, wire: Record<string, unknown>): void {
  const shape = shapeOf(target.constructor);
  const record = target as Record<string, unknown>;
  for (const key of Object.keys(wire)) {
    const prop = shape.wireToProp.get(key);
    if (prop !== undefined) {
      keepNestedExtras(record[prop], wire[key]);
    } else if (!shape.reserved.has(key) && !(key in target)) {
      Object.defineProperty(target, key, { value: wire[key], enumerable: true, writable: true, configurable: true });
    }
  }
}

function keepNestedExtras(value: unknown, wire: unknown): void {
  if (Array.isArray(value) && Array.isArray(wire)) {
    value.forEach((item, i) => keepNestedExtras(item, wire[i]));
  } else if (isPayloadInstance(value) && isRecord(wire)) {
    keepExtras(value, wire);
  }
}

// Computed once per class from class-transformer's own view of it (public API only): an
// instance built from `{}` has every exposed property as an own key, and writing out an
// instance whose properties hold their own names shows which wire key each one is read from.
function shapeOf(cls: Function): Shape {
  const known = shapes.get(cls);
  if (known !== undefined) return known;
  const props = Object.keys(plainToInstance(cls as new () => object, {}, OUTGOING_TRANSFORM));
  const probe = Object.create(cls.prototype as object) as Record<string, unknown>;
  for (const prop of props) probe[prop] = prop;
  const written = instanceToPlain(probe, OUTGOING_TRANSFORM) as Record<string, unknown>;
  const wireToProp = new Map<string, string>();
  for (const [wireKey, prop] of Object.entries(written)) if (typeof prop === 'string') wireToProp.set(wireKey, prop);
  const reserved = new Set<string>([...UNSAFE_KEYS, ...props, ...wireToProp.keys(), ...(aliases.get(cls) ?? [])]);
  const shape: Shape = { wireToProp, reserved };
  shapes.set(cls, shape);
  return shape;
}

function isPayloadInstance(value: unknown): value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto !== Object.prototype && proto !== null && !(value instanceof Date) && !Buffer.isBuffer(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
