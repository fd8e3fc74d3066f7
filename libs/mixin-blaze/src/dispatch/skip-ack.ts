/**
 * Return `new SkipAck()` from a handler to leave its message un-acknowledged without it being an
 * error: no retry, no dead letter; Blaze redelivers it after the next reconnect.
 */
export class SkipAck {
  constructor(readonly reason?: string) {}
}
