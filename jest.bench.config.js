import base from './jest.config.js';

/** `npm run test:bench`: the benchmark's own smoke test, run apart from `npm test` (see jest.config.js). */
export default {
  ...base,
  roots: ['<rootDir>/bench'],
  testMatch: ['**/*.spec.ts'],
  testTimeout: 90000,
};
