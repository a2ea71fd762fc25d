import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { outsideInputs } from "./support/hermetic-env";
import { finishTempCheck, startTempCheck } from "./support/temp-folders";

const ROOT = path.resolve(__dirname, "..");
const JEST = path.join(ROOT, "node_modules", "jest", "bin", "jest.js");

/** What a developer's shell might export; the dev environment differs from prod in every one. */
const SHELL = {
  MLOPS_ENV: "dev",
  MLOPS_VPC_CIDR: "10.9.0.0/16",
  MLOPS_PUBLIC_SUBNET_CIDRS: "10.9.1.0/24,10.9.2.0/24",
  MLOPS_PRIVATE_SUBNET_CIDRS: "10.9.101.0/24,10.9.102.0/24",
  CERTIFICATE_ARN: "arn:aws:acm:ap-southeast-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
};

test("the variables that would change results are the ones removed, and nothing terraform needs", () => {
  const env = {
    ...SHELL,
    TF_VAR_x: "1",
    TF_CLI_ARGS_plan: "-destroy",
    AWS_PROFILE: "prod",
    PATH: "/bin",
    HOME: "/h",
    TF_PROVIDER_MIRROR: "/m",
    TF_PLUGIN_CACHE_DIR: "/c",
  };
  expect(outsideInputs(env).sort()).toEqual([...Object.keys(SHELL), "TF_VAR_x", "TF_CLI_ARGS_plan", "AWS_PROFILE"].sort());
});

test("no test sees any of them", () => {
  expect(outsideInputs(process.env)).toEqual([]);
});

test("the run's temp folder check reports what was left and removes the folder", () => {
  const outer = process.env.TMPDIR;
  const check = startTempCheck();
  fs.mkdirSync(path.join(check.dir, "forgotten"));
  expect(finishTempCheck(check)).toEqual(["forgotten"]);
  expect(fs.existsSync(check.dir)).toBe(false);
  expect(process.env.TMPDIR).toBe(outer);
  expect(finishTempCheck(startTempCheck())).toEqual([]);
});

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
