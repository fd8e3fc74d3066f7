/** Injection token of the checked settings (options with defaults, and the resolved keystore). */
export const BLAZE_SETTINGS = Symbol('mixin-blaze:settings');
