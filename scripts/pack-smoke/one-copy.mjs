// Copied into each scratch app and run there with plain `node` (require(esm) on, as on Node 20.19+
// and 22.12+): the package loaded with import and with require() must be one copy, else Nest would
// see two MixinBlazeModule classes and two MixinBlazeService tokens. Nest itself is checked too.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const where = (url) => url.replace(/^.*node_modules\//, '');
let failed = false;
for (const entry of ['nestjs-mixin-blaze', 'nestjs-mixin-blaze/testing', '@nestjs/common', '@nestjs/core']) {
  const viaImport = await import(entry);
  const viaRequire = require(entry);
  const names = Object.keys(viaImport).filter((n) => n !== 'default' && n !== 'module.exports');
  const differ = names.filter((n) => viaImport[n] !== viaRequire[n]);
  const from = `import ${where(import.meta.resolve(entry))}, require ${where(require.resolve(entry))}`;
  if (names.length === 0 || differ.length > 0) {
    failed = true;
    console.error(`${entry}: two copies (${from}); ${differ.length} of ${names.length} exports differ: ${differ.slice(0, 5).join(', ')}`);
  } else {
    console.log(`${entry}: one copy (${from}), all ${names.length} exports identical`);
  }
}
process.exitCode = failed ? 1 : 0;
