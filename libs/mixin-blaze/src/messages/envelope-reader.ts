import { isUuid } from '../util/uuid.js';
import type { BlazeMessage } from './blaze-message.dto.js';
import type { DecodeIssue } from './message-decode.error.js';
import { parseRfc3339 } from './rfc3339.js';

/**
 * Reads and checks the envelope of a MessageView onto `target`, returning the broken rules (none
 * when valid). It applies exactly the rules the decorators on `BlazeMessage` declare, with the
 * same messages (a test holds the two together), but by hand: class-transformer and
 * class-validator cost too much per field for what runs on every message (docs/performance.md §3).
 */
export function readEnvelope(view: Record<string, unknown>, target: BlazeMessage): DecodeIssue[] {
  const issues: DecodeIssue[] = [];
  target.messageId = uuid(view.message_id, 'messageId', issues);
  target.conversationId = uuid(view.conversation_id, 'conversationId', issues);
  target.userId = uuid(view.user_id, 'userId', issues);
  target.category = category(view.category, issues) as BlazeMessage['category'];
  target.sessionId = optionalUuid(view.session_id, 'sessionId', issues);
  target.source = optionalString(view.source, 'source', issues);
  target.status = optionalString(view.status, 'status', issues);
  target.quoteMessageId = optionalUuid(view.quote_message_id, 'quoteMessageId', issues);
  target.representativeId = optionalUuid(view.representative_id, 'representativeId', issues);
  target.silent = optionalBoolean(view.silent, issues);
  target.expireIn = optionalNonNegativeInt(view.expire_in, 'expireIn', issues);
  target.createdAt = date(view.created_at, 'createdAt', issues) as Date;
  const updated = view.updated_at;
  if (updated === undefined || updated === null || updated === '') target.updatedAt = undefined;
  // Usually the same instant as created_at: one parse, two Date objects (callers may mutate them).
  else if (updated === view.created_at && target.createdAt) target.updatedAt = new Date(target.createdAt.getTime());
  else target.updatedAt = date(updated, 'updatedAt', issues);
  return issues;
}

function broke(issues: DecodeIssue[], path: string, rule: string, message: string): void {
  const existing = issues.find((i) => i.path === path);
  if (existing) {
    existing.rules.push(rule);
    existing.messages.push(message);
  } else {
    issues.push({ path, rules: [rule], messages: [message] });
  }
}

function uuid(value: unknown, path: string, issues: DecodeIssue[]): string {
  if (!isUuid(value)) broke(issues, path, 'isUuid', `${path} must be a UUID`);
  return value as string;
}

// Sources send "" (or null) for "no quote", "no representative": those become undefined.
function optionalUuid(value: unknown, path: string, issues: DecodeIssue[]): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return uuid(value, path, issues);
}

function category(value: unknown, issues: DecodeIssue[]): string {
  if (typeof value !== 'string') broke(issues, 'category', 'isString', 'category must be a string');
  if (value === undefined || value === null || value === '') broke(issues, 'category', 'isNotEmpty', 'category should not be empty');
  return value as string;
}

// Optional envelope fields: absent and null both come out as undefined.
function optionalString(value: unknown, path: string, issues: DecodeIssue[]): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') broke(issues, path, 'isString', `${path} must be a string`);
  return value as string;
}

function optionalBoolean(value: unknown, issues: DecodeIssue[]): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') broke(issues, 'silent', 'isBoolean', 'silent must be a boolean value');
  return value as boolean;
}

function optionalNonNegativeInt(value: unknown, path: string, issues: DecodeIssue[]): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) broke(issues, path, 'isInt', `${path} must be an integer number`);
  // As @Min does: anything that is not a number >= 0 breaks it, strings included.
  if (!(typeof value === 'number' && value >= 0)) broke(issues, path, 'min', `${path} must not be less than 0`);
  return value as number;
}

function date(value: unknown, path: string, issues: DecodeIssue[]): Date | undefined {
  const parsed = parseRfc3339(value);
  if (parsed === undefined) broke(issues, path, 'isDate', `${path} must be a Date instance`);
  return parsed;
}
