/** Native-ESM jest with ts-jest (type checking is done once by `npm run typecheck`). */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }],
  },
  setupFiles: ['<rootDir>/test/setup-env.js'],
  testTimeout: 30000,
  // Jest's default keeps one core for itself, which on a 2-core CI machine runs every suite serially;
  // most suites wait on dynalite or a child process, so one worker per core keeps both cores busy.
  maxWorkers: '100%',
};
