// Lets `npm start` run the TypeScript sources directly on Node 20: it maps the package names
// `nestjs-mixin-blaze` and `nestjs-mixin-blaze/testing` onto the library sources (as tsconfig
// `paths` does for tsc and jest), and transpiles .ts files on load (decorator metadata included).
import { register } from 'node:module';

register('./ts-loader-hooks.mjs', import.meta.url);
