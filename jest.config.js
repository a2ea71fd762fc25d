/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  // Transpile only, with esbuild (tsconfig has isolatedModules): `npm test` type-checks once with
  // tsc first, so no worker needs to load the TypeScript compiler.
  transform: { "^.+\\.ts$": "<rootDir>/jest.esbuild.js" },
  setupFilesAfterEnv: ["<rootDir>/jest.setup.js"],
  // Before any test: drop the shell's MLOPS_*/CERTIFICATE_ARN/TF_VAR_*/AWS_* variables and give the
  // run a temporary folder of its own; after: fail if anything was left in it.
  globalSetup: "<rootDir>/__tests__/support/global-setup.ts",
  globalTeardown: "<rootDir>/__tests__/support/global-teardown.ts",
  testTimeout: 180000,
  // In the project, not the temp folder: the runs Jest starts itself (hermetic-env.e2e.ts) share
  // its transforms, and a run's temp folder is checked empty at the end.
  cacheDirectory: "<rootDir>/node_modules/.cache/jest",
  // Most of the time is spent waiting on terraform child processes, so use every core.
  maxWorkers: "100%",
  testSequencer: "<rootDir>/jest.sequencer.js",
};
