import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Diagnostic } from "../../src/offline/plan-summary";
import { diagnosticText, OfflineWorkdir, OfflineWorkdirOptions, TerraformMessage } from "../../src/offline/workdir";

/**
 * One folder per test file (Jest loads this module afresh for each), holding its work dirs and the
 * CLI configuration they share; removed when the file's tests are done.
 */
const ROOT = fs.mkdtempSync(path.join(os.tmpdir(), "mlops-terraform-tests-"));

afterAll(() => fs.rmSync(ROOT, { recursive: true, force: true }));

/** The tests mock values at plan time (`override_during`), which Terraform 1.11 brought. */
const MINIMUM_TERRAFORM = [1, 11];

function checkTerraformVersion(): void {
  let version: string;
  try {
    // Its warnings (a CLI configuration file the shell names but that does not exist) are not the test's output.
    const output = execFileSync("terraform", ["version", "-json"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    version = JSON.parse(output).terraform_version;
  } catch {
    return; // not installed: the work dir's own error says so
  }
  const [major, minor] = version.split(".").map(Number);
  if (major < MINIMUM_TERRAFORM[0] || (major === MINIMUM_TERRAFORM[0] && minor < MINIMUM_TERRAFORM[1])) {
    throw new Error(`the tests need Terraform ${MINIMUM_TERRAFORM.join(".")} or later (they mock values at plan time); this is ${version}`);
  }
}

/** An initialized offline work dir of a synthesized stack. */
export async function initializedWorkdir(
  name: string,
  options: Omit<OfflineWorkdirOptions, "dir" | "cliConfigFile">,
): Promise<OfflineWorkdir> {
  checkTerraformVersion();
  const workdir = new OfflineWorkdir({ ...options, dir: path.join(ROOT, name), cliConfigFile: path.join(ROOT, "terraformrc") });
  await workdir.init();
  return workdir;
}

/** One run of a `terraform test`: its status, its diagnostics and, with `-verbose`, its plan. */
export interface TestRun {
  readonly status: string;
  readonly diagnostics: Diagnostic[];
  readonly plan?: unknown;
}

/**
 * The runs in `terraform test -json` messages, by run name (each name used once), and the
 * diagnostics of loading the configuration, which belong to no run.
 */
export function testRuns(messages: TerraformMessage[]): { runs: Record<string, TestRun>; loading: Diagnostic[] } {
  const runs: Record<string, { status: string; diagnostics: Diagnostic[]; plan?: unknown }> = {};
  const loading: Diagnostic[] = [];
  for (const m of messages) {
    const run = m["@testrun"] ? (runs[m["@testrun"]] ??= { status: "", diagnostics: [] }) : undefined;
    if (m.type === "diagnostic") (run?.diagnostics ?? loading).push(m.diagnostic!);
    else if (run && m.type === "test_run" && m.test_run.progress === "complete") run.status = m.test_run.status;
    else if (run && m.type === "test_plan") run.plan = m.test_plan;
  }
  return { runs, loading };
}

/** A run's status and diagnostics in words, to compare whole: when it fails, terraform's message is in the failure. */
export function outcome(run: TestRun | undefined): { status: string; diagnostics: string[] } {
  return { status: run?.status ?? "did not run", diagnostics: (run?.diagnostics ?? []).map(diagnosticText) };
}
