import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigError } from "../src/config/load";
import { TerraformError } from "../src/offline/workdir";
import { findStates, parsePreviewArgs } from "../src/tools/preview";
import { expectedFailure, UsageError } from "../scripts/run-tool";

const ROOT = path.join(__dirname, "..");
const NAMES = { network: "network", demoAlb: "demo-alb" };
const tool = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ["scripts/tool.js", ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: "utf8" });
/** A stack trace's frame line: what no expected failure may print. */
const TRACE = /^\s+at .+\(.+:\d+:\d+\)$/m;

let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "tool-errors-"))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("expected failures are messages, bugs are traces", () => {
  test.each<[string, unknown]>([
    ["a configuration error", new ConfigError(["x: bad"])],
    ["a usage error", new UsageError("npm run x: bad flag")],
    ["terraform's own error", new TerraformError("terraform plan failed in /tmp/x:\nError: boom")],
  ])("%s is printed as its message", (_, e) => {
    expect(expectedFailure(e)).toBe((e as Error).message);
  });

  test("a network that does not answer names the host and the fix", () => {
    const e = Object.assign(new Error("getaddrinfo ENOTFOUND ec2.ap-southeast-1.amazonaws.com"), {
      code: "ENOTFOUND",
      hostname: "ec2.ap-southeast-1.amazonaws.com",
    });
    expect(expectedFailure(e)).toMatch(/^Cannot reach ec2\.ap-southeast-1\.amazonaws\.com \(ENOTFOUND\): .*HTTPS_PROXY/);
  });

  test("anything else is a bug", () => {
    expect(expectedFailure(new TypeError("x is undefined"))).toBeUndefined();
  });
});

describe("preview's arguments and state files", () => {
  test("a stack named with its environment says how to pick the environment", () => {
    expect(() => parsePreviewArgs(["network-dev"])).toThrow(
      'unknown argument "network-dev": the environment is chosen by MLOPS_ENV, the stack by its role: MLOPS_ENV=dev npm run preview -- network',
    );
  });

  test.each<[string, (file: string) => void, RegExp]>([
    ["a folder", (f) => fs.mkdirSync(f), /--state network=.*: is a folder; name a Terraform state file, e\.g\. from `terraform state pull/],
    [
      "a file that is not JSON",
      (f) => fs.writeFileSync(f, "not json"),
      /--state network=.*: is not JSON \(.*\); name a Terraform state file/,
    ],
    [
      "JSON that is not a state",
      (f) => fs.writeFileSync(f, "[1]"),
      /--state network=.*: is JSON but not a Terraform state \(not an object\)/,
    ],
  ])("--state naming %s is a usage error", (name, make, message) => {
    const file = path.join(dir, name.replace(/ /g, "-"));
    make(file);
    expect(() => findStates(parsePreviewArgs(["--state", `network=${file}`]), NAMES, dir)).toThrow(message);
  });

  test("--help prints the usage and exits 0; --state naming a folder exits 1 with one message and no trace", () => {
    const help = tool(["preview", "--help"]);
    expect([help.status, help.stdout]).toEqual([0, expect.stringContaining("usage: npm run preview -- [network] [demo-alb]")]);
    const bad = tool(["preview", "--state", `network=${dir}`]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/: is a folder; name a Terraform state file/);
    expect(bad.stderr).not.toMatch(TRACE);
  });
});

test("the diagram of another environment may not overwrite the committed picture", () => {
  const svg = path.join(ROOT, "docs", "architecture.svg");
  const before = fs.statSync(svg).mtimeMs;
  const run = tool(["diagram", "--write"], { MLOPS_ENV: "dev" });
  expect([run.status, run.stderr.trim()]).toEqual([
    1,
    "npm run diagram: --write updates docs/architecture.svg, the default environment's picture; environment dev is drawn into .out/diagram/architecture-dev.svg: run it without --write",
  ]);
  expect(fs.statSync(svg).mtimeMs).toBe(before);
});

test("verify without credentials names the profile that gives none, without a trace or the SDK's Node notice", () => {
  const run = tool(["verify"], {
    AWS_PROFILE: "no-such-profile",
    HOME: dir,
    AWS_CONFIG_FILE: path.join(dir, "none"),
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, "none"),
  });
  expect(run.status).toBe(1);
  expect(run.stderr.trim()).toMatch(
    /^npm run verify reads the deployed account, but AWS_PROFILE=no-such-profile gives no credentials: .*aws configure list-profiles/,
  );
  expect(run.stderr).not.toMatch(TRACE);
  expect(run.stderr).not.toMatch(/NodeVersionSupportWarning/);
});
