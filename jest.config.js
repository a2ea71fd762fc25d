/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  // Transpile only (tsconfig has isolatedModules): `npm test` type-checks once with tsc first,
  // instead of ts-jest type-checking the provider's declarations in every test file.
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  setupFilesAfterEnv: ["<rootDir>/jest.setup.js"],
  testTimeout: 180000,
  // Most of the time is spent waiting on terraform child processes, so use every core.
  maxWorkers: "100%",
  testSequencer: "<rootDir>/jest.sequencer.js",
};
