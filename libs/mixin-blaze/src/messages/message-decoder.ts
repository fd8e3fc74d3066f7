import { plainToInstance, type ClassTransformOptions } from 'class-transformer';
import { validateSync, type ValidationError, type ValidatorOptions } from 'class-validator';
import { logSafe } from '../util/log-safe.js';
import { BlazeMessage } from './blaze-message.dto.js';
import { INCOMING_TRANSFORM, INCOMING_VALIDATION, USER_VALIDATION } from './dto-options.js';
import { readEnvelope } from './envelope-reader.js';
import { guardJson, MAX_PAYLOAD_DEPTH } from './json-guard.js';
import { MessageDecodeError, type DecodeIssue, type MessageDecodeStage } from './message-decode.error.js';
import { readPayloadBytes } from './payload-bytes.js';
import { keepExtras } from './payload-extras.js';
import { isEncryptedCategory } from './categories.js';
import { RAW_SPEC, payloadSpecFor, type PayloadSpec } from './payload-registry.js';
import { collectIssues } from './validation-issues.js';

/** Options for {@link decodeMessageView}. */
export interface DecodeOptions {
  /**
   * The caller's own payload DTO (e.g. a JSON command sent as PLAIN_TEXT). It
   * replaces the registry: `data` is read as UTF-8 JSON and validated into this
   * class (an array element-wise), and the result is a plain `BlazeMessage<T>`.
   * It needs class-validator decorators: undecorated classes are rejected.
   */
  payloadClass?: new (...a: any[]) => object;
  /**
   * Decrypts ENCRYPTED_* `data` (see `createMessageDecryptor`). With it those
   * messages decode like their PLAIN_* twin; without it they are UnknownMessage.
   */
  decrypt?: (bytes: Buffer) => Buffer;
}

/** How one kind of payload class is built and checked. */
interface ClassRules {
  readonly transform: ClassTransformOptions;
  readonly validate: ValidatorOptions;
  /** Copy unknown wire keys onto the instance (the library's classes only map `@Expose`d ones). */
  readonly keepExtras: boolean;
}

const OWN_CLASSES: ClassRules = { transform: INCOMING_TRANSFORM, validate: INCOMING_VALIDATION, keepExtras: true };
// User DTOs may not use @Expose, so excluding would empty them; class-transformer keeps their
// extras itself (and skips `__proto__` and `constructor`; guardJson removed those already).
const USER_CLASSES: ClassRules = { transform: {}, validate: USER_VALIDATION, keepExtras: false };
const NOT_JSON = 'payload is not valid JSON';
const TOO_DEEP = `payload is nested deeper than ${MAX_PAYLOAD_DEPTH} levels`;

/** Turns a MessageView (the `data` of a CREATE_MESSAGE frame) into a validated DTO, or throws MessageDecodeError. */
export function decodeMessageView<T extends object>(
  view: unknown,
  options: DecodeOptions & { payloadClass: new (...a: any[]) => T },
): BlazeMessage<T | T[]>;
export function decodeMessageView(view: unknown, options?: DecodeOptions): BlazeMessage;
export function decodeMessageView(view: unknown, options?: DecodeOptions): BlazeMessage {
  if (typeof view !== 'object' || view === null || Array.isArray(view)) {
    throw new MessageDecodeError('envelope', [issue('view', 'isObject', 'message view must be an object')]);
  }
  const record = view as Record<string, unknown>;
  const messageId = label(record.message_id);
  const category = label(record.category);

  const categoryName = typeof record.category === 'string' ? record.category : '';
  const decrypt = options?.decrypt;
  let spec = payloadSpecFor(categoryName);
  // Ciphertext we cannot (or do not know how to) decrypt stays raw bytes, even
  // when a payload class was asked for.
  const undecryptable = isEncryptedCategory(categoryName) && (decrypt === undefined || spec.kind === 'raw');
  if (undecryptable) spec = RAW_SPEC;
  const userClass = undecryptable ? undefined : options?.payloadClass;

  const messageClass = userClass !== undefined ? BlazeMessage : spec.messageClass;
  const message: BlazeMessage = new messageClass();
  const envelopeIssues = readEnvelope(record, message);
  if (envelopeIssues.length > 0) throw new MessageDecodeError('envelope', envelopeIssues, messageId, category);

  let bytes = readPayloadBytes(record, messageId, category);
  if (spec.encrypted && decrypt !== undefined) {
    try {
      bytes = decrypt(bytes);
    } catch (cause) {
      // The decrypt function's own message is not trusted to be free of secrets.
      throw new MessageDecodeError(
        'decrypt',
        [issue('data', 'decrypt', 'data could not be decrypted for this session')],
        messageId,
        category,
        { cause },
      );
    }
  }

  message.payload =
    userClass !== undefined ? decodeUserPayload(bytes, userClass, messageId, category) : decodePayload(spec, bytes, messageId, category);
  return message;
}

function decodePayload(spec: PayloadSpec, bytes: Buffer, messageId?: string, category?: string): unknown {
  switch (spec.kind) {
    case 'text':
      return bytes.toString('utf8');
    case 'raw':
      return bytes;
    case 'object':
      return toInstance(parseJson(bytes, messageId, category), spec.payloadClass, OWN_CLASSES, messageId, category);
    case 'array': {
      const json = parseJson(bytes, messageId, category);
      if (!Array.isArray(json)) {
        throw new MessageDecodeError('validation', [issue('payload', 'isArray', 'payload must be an array')], messageId, category);
      }
      // spec.minItems/maxItems bound what the bot sends; clients accept any count, so do we.
      return toInstances(json, spec.payloadClass, OWN_CLASSES, messageId, category);
    }
  }
}

/** A caller's DTO: an object, or an array validated element-wise. */
function decodeUserPayload(bytes: Buffer, cls: new (...a: any[]) => object, messageId?: string, category?: string) {
  const json = parseJson(bytes, messageId, category);
  return Array.isArray(json)
    ? toInstances(json, cls, USER_CLASSES, messageId, category)
    : toInstance(json, cls, USER_CLASSES, messageId, category);
}

/**
 * Parses payload JSON and bounds it before anything recursive (class-transformer,
 * class-validator, a handler's deep copy) sees it. JSON.parse itself is iterative in V8 and
 * parses 1,000,000 levels on Node 20; the recursion is in what comes after.
 */
function parseJson(bytes: Buffer, messageId?: string, category?: string): unknown {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    // JSON.parse messages quote the input, which may be private.
    throw new MessageDecodeError('json', [issue('payload', 'json', NOT_JSON)], messageId, category);
  }
  if (!guardJson(json)) throw new MessageDecodeError('json', [issue('payload', 'maxDepth', TOO_DEEP)], messageId, category);
  return json;
}

function toInstance(json: unknown, cls: new (...a: any[]) => object, rules: ClassRules, messageId?: string, category?: string): object {
  if (!isObject(json)) {
    throw new MessageDecodeError('validation', [issue('payload', 'isObject', 'payload must be a JSON object')], messageId, category);
  }
  const instance = plainToInstance(cls, json, rules.transform);
  const errors = validateSync(instance, rules.validate);
  if (errors.length > 0) fail('validation', errors, 'payload', messageId, category);
  if (rules.keepExtras) keepExtras(instance, json);
  return instance;
}

function toInstances(json: unknown[], cls: new (...a: any[]) => object, rules: ClassRules, messageId?: string, category?: string): object[] {
  const issues: DecodeIssue[] = [];
  const items = json.map((element, i) => {
    const path = `payload[${i}]`;
    if (!isObject(element)) {
      issues.push(issue(path, 'isObject', `${path} must be an object`));
      return element as object;
    }
    const instance = plainToInstance(cls, element, rules.transform);
    const before = issues.length;
    collectIssues(validateSync(instance, rules.validate), path, issues);
    if (rules.keepExtras && issues.length === before) keepExtras(instance, element);
    return instance;
  });
  if (issues.length > 0) throw new MessageDecodeError('validation', issues, messageId, category);
  return items;
}

function fail(stage: MessageDecodeStage, errors: ValidationError[], prefix: string, id?: string, category?: string): never {
  throw new MessageDecodeError(stage, collectIssues(errors, prefix), id, category);
}

function issue(path: string, rule: string, message: string): DecodeIssue {
  return { path, rules: [rule], messages: [message] };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An id or category from the wire for error reports: escaped and cut (logSafe), so a hostile frame cannot forge or flood log lines. */
function label(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : logSafe(value, 64);
}
