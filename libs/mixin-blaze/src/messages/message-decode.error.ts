import { MixinBlazeError } from '../util/mixin-blaze.error.js';
/**
 * Where decoding failed. `decrypt` only occurs for ENCRYPTED_* with a decrypt function; `frame` for
 * a message whose frame was over the size limits (`UnreadableMessageError`).
 */
export type MessageDecodeStage = 'frame' | 'envelope' | 'base64' | 'decrypt' | 'json' | 'validation';

/** One failed check: the field path and the names of the rules it broke. */
export interface DecodeIssue {
  /** Dotted path such as `payload.cover.width` or `payload[2].label`. */
  path: string;
  /** class-validator constraint names (`isInt`) or a fixed tag (`base64`, `json`). */
  rules: string[];
  /** Human-readable messages, one per rule. */
  messages: string[];
}

/**
 * A MessageView could not be turned into a DTO. The `message` lists field paths
 * and rule names only, never values: payloads can be private and errors end up
 * in logs.
 */
export class MessageDecodeError extends MixinBlazeError {
  /** `"path: message"` lines, e.g. `"payload.width: width must be an integer number"`. */
  readonly constraints: string[];

  constructor(
    readonly stage: MessageDecodeStage,
    readonly issues: readonly DecodeIssue[],
    readonly messageId?: string,
    readonly category?: string,
    options?: { cause?: unknown },
  ) {
    super(describe(stage, issues, messageId, category), options);
    this.name = 'MessageDecodeError';
    this.constraints = issues.flatMap((i) => i.messages.map((m) => `${i.path}: ${m}`));
  }
}

// A payload of thousands of bad elements must not make a message of thousands of paths.
const LISTED_ISSUES = 10;

function describe(stage: MessageDecodeStage, issues: readonly DecodeIssue[], id?: string, category?: string): string {
  const what = `message ${id ?? '(no id)'} (${category ?? 'no category'})`;
  const where = issues
    .slice(0, LISTED_ISSUES)
    .map((i) => `${i.path} [${i.rules.join(', ')}]`)
    .join('; ');
  const more = issues.length > LISTED_ISSUES ? `; and ${issues.length - LISTED_ISSUES} more` : '';
  return `Cannot decode ${what}: ${stage} failed at ${where}${more}`;
}
