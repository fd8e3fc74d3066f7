import { MixinApiError } from '../api/mixin-api.error.js';

/**
 * A `sendMany` request failed. Earlier requests were accepted (`acceptedIds`); the messages from
 * the failed request on (`remainingIds`) may or may not have been stored (a timeout can hide a
 * success), so resend them with the same message ids: Mixin dedupes by message id. They are the
 * tail of the input, so `messages.slice(err.acceptedIds.length)` paired with `remainingIds` is the
 * retry. `status` and `code` are those of `cause`, usually a {@link MixinApiError}.
 */
export class SendManyError extends MixinApiError {
  constructor(
    /** Ids the server accepted, in input order. */
    readonly acceptedIds: string[],
    /** Ids of the failed request and every later one, in input order. */
    readonly remainingIds: string[],
    override readonly cause: unknown,
  ) {
    const total = acceptedIds.length + remainingIds.length;
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `sendMany failed after ${acceptedIds.length} of ${total} messages were accepted: ${reason}`,
      cause instanceof MixinApiError ? cause.status : 0,
      cause instanceof MixinApiError ? cause.code : undefined,
    );
    this.name = 'SendManyError';
  }
}
