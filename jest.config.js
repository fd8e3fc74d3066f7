/** Jest runs the TypeScript sources as ESM through ts-jest (Nest 12 is ESM-only). */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  // bench/ is left out: its smoke test runs the whole benchmark (up to a minute) and has its own
  // command, `npm run test:bench` (jest.bench.config.js).
  roots: ['<rootDir>/libs', '<rootDir>/test', '<rootDir>/apps'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.scratch/'],
  moduleNameMapper: {
    '^nestjs-mixin-blaze$': '<rootDir>/libs/mixin-blaze/src/index.ts',
    '^nestjs-mixin-blaze/testing$': '<rootDir>/libs/mixin-blaze/src/testing/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json' }],
  },
  testTimeout: 30000,
  // Two workers on the 2-core machines this runs on: most e2e time is waiting on sockets and child
  // processes, so the suite takes about 3 minutes instead of 6 with Jest's default of one.
  maxWorkers: 2,
  // Every log line the suite produces is scanned for secrets once all tests ran.
  globalSetup: '<rootDir>/test/support/suite-log-setup.mjs',
  globalTeardown: '<rootDir>/test/support/suite-log-scan.mjs',
};
