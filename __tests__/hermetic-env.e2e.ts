// npm test's global setup keeps the developer's shell away from the tests: a child Jest with the
// project's configuration, run with MLOPS_ENV=dev and overrides exported, still sees the defaults.
import { spawnSync } from "child_process";
import * as path from "path";
import { DEVELOPER_SHELL as SHELL } from "./support/hermetic-env";

const ROOT = path.resolve(__dirname, "..");
const JEST = path.join(ROOT, "node_modules", "jest", "bin", "jest.js");

describe("npm test with MLOPS_ENV=dev and overrides exported", () => {
  /** Runs the probe (support/env-probe.ts) in a child Jest with the project's config, less `without`. */
  function probe(without: string[] = []) {
    const config: Record<string, unknown> = {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- Jest's configuration is CommonJS
      ...require("../jest.config.js"),
      rootDir: ROOT,
      roots: ["<rootDir>/__tests__/support"],
      testMatch: ["**/env-probe.ts"],
    };
    for (const key of without) delete config[key];
    return spawnSync(process.execPath, [JEST, "--config", JSON.stringify(config), "--ci"], {
      cwd: ROOT,
      env: { ...process.env, ...SHELL },
      encoding: "utf8",
      // A hung child would hold the Jest worker: spawnSync cannot be interrupted by the test timeout.
      timeout: 120_000,
    });
  }

  test("passes as it does without them", () => {
    const run = probe();
    expect({ status: run.status, output: run.stderr }).toEqual({ status: 0, output: expect.stringMatching(/1 passed/) });
  });

  test("would fail without the global setup that removes them (the probe can fail)", () => {
    const run = probe(["globalSetup", "globalTeardown"]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/"name": "dev"/);
  });
});
