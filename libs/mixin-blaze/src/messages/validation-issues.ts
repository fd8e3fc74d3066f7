import type { ValidationError } from 'class-validator';
import type { DecodeIssue } from './message-decode.error.js';

/** Flattens class-validator's error tree into `path` + rules + messages, dropping values. */
export function collectIssues(errors: ValidationError[], prefix: string, out: DecodeIssue[] = []): DecodeIssue[] {
  for (const error of errors) {
    const path = join(prefix, error.property);
    if (error.constraints !== undefined) {
      out.push({ path, rules: Object.keys(error.constraints), messages: Object.values(error.constraints) });
    }
    if (error.children !== undefined && error.children.length > 0) collectIssues(error.children, path, out);
  }
  return out;
}

const INDEX = /^\d+$/;
function join(prefix: string, property: string | undefined): string {
  if (property === undefined || property === '') return prefix || 'view';
  if (INDEX.test(property)) return `${prefix}[${property}]`;
  return prefix === '' ? property : `${prefix}.${property}`;
}
