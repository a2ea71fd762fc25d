import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigError } from "../src/config/load";
import { TerraformError } from "../src/offline/workdir";
import { findStates, parsePreviewArgs } from "../src/tools/preview";
import { expectedFailure, UsageError } from "../scripts/run-tool";

const NAMES = { network: "network", demoAlb: "demo-alb" };

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
});
