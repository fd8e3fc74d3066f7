import { BlazeOptionsError } from './blaze-options.error.js';

/**
 * Loads an optional peer dependency on first use, so that importing this package never requires
 * it (README: "Health and metrics", "Run it in production"). A dynamic `import()` works in both builds: tsc turns it into
 * `require()` in the CommonJS one. A missing package fails startup naming the option that needs it.
 */
export async function loadOptionalPeer<T>(load: () => Promise<T>, field: string, pkg: string): Promise<T> {
  try {
    return await load();
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new BlazeOptionsError(field, `needs the package ${pkg}, which is not installed: npm install ${pkg}`);
    }
    throw err;
  }
}
