import type { BlazeMessage } from '../messages/blaze-message.dto.js';

/** A message whose handler failed on every attempt, as the dead-letter hooks receive it. */
export interface DeadLetter {
  /** The decoded message. */
  message: BlazeMessage;
  /** The `data` of the CREATE_MESSAGE frame, exactly as received. */
  raw: Record<string, unknown>;
  /** What the last attempt threw. */
  error: unknown;
  attempts: number;
  /** `ClassName.method` of the handler. */
  handler: string;
}

/**
 * The envelope of a raw message for the error log: every field, with the payload replaced by its
 * size, since message contents may be private and logs are not the place for them.
 */
export function envelopeForLog(raw: Record<string, unknown>): string {
  const { data, data_base64: dataBase64, ...envelope } = raw;
  const payload = typeof data === 'string' && data ? data : dataBase64;
  return JSON.stringify({ ...envelope, data: `<${typeof payload === 'string' ? payload.length : 0} base64 chars>` });
}
