#!/usr/bin/env node
/**
 * The `nestjs-mixin-blaze` bin: `npx nestjs-mixin-blaze doctor --keystore ./keystore.json`.
 * Only wiring: main() holds the logic, and the exit status is set rather than forced, so that
 * output is flushed before the process ends.
 */
import { main } from './main.js';

main(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 1;
  },
);
