/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  // Transpile only (tsconfig has isolatedModules): `npm test` type-checks once with tsc first,
  // instead of ts-jest type-checking the provider's declarations in every test file.
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  setupFilesAfterEnv: ["<rootDir>/jest.setup.js"],
  // Before any test: drop the shell's MLOPS_*/CERTIFICATE_ARN/TF_VAR_*/AWS_* variables and give the
  // run a temporary folder of its own; after: fail if anything was left in it.
  globalSetup: "<rootDir>/__tests__/support/global-setup.ts",
  globalTeardown: "<rootDir>/__tests__/support/global-teardown.ts",
  testTimeout: 180000,
  // In the project, not the temp folder: the runs Jest starts itself (preview-hermetic.test.ts) share
  // its transforms, and a run's temp folder is checked empty at the end.
  cacheDirectory: "<rootDir>/node_modules/.cache/jest",
  // Most of the time is spent waiting on terraform child processes, so use every core.
  maxWorkers: "100%",
  testSequencer: "<rootDir>/jest.sequencer.js",
};
