import { REQUEST } from '@nestjs/core';

/** Injection token of the checked settings (options with defaults, and the resolved keystore). */
export const BLAZE_SETTINGS = Symbol('mixin-blaze:settings');

/**
 * Injects the message being handled into request-scoped providers (`@Inject(BLAZE_MESSAGE)`).
 * It is Nest's `REQUEST` token: handlers on request-scoped or transient providers get a fresh
 * instance per message, with the message registered as the request.
 */
export const BLAZE_MESSAGE = REQUEST;
