import { REQUEST } from '@nestjs/core';

/** Injection token of the module options as `forRoot` / `forRootAsync` produced them (every bot's, in its own module). */
export const MIXIN_BLAZE_OPTIONS = Symbol('mixin-blaze:options');

/** Injection token of the checked settings (options with defaults, and the resolved keystore). */
export const BLAZE_SETTINGS = Symbol('mixin-blaze:settings');

/**
 * Injects the message being handled into request-scoped providers (`@Inject(BLAZE_MESSAGE)`).
 * It is Nest's `REQUEST` token: handlers on request-scoped or transient providers get a fresh
 * instance per message, with the message registered as the request.
 */
export const BLAZE_MESSAGE = REQUEST;
