import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Diagnostic } from "../../src/offline/plan-summary";
import { OfflineWorkdir, OfflineWorkdirOptions, TerraformMessage } from "../../src/offline/workdir";

/**
 * One folder per test file (Jest loads this module afresh for each), holding its work dirs and the
 * CLI configuration they share; removed when the file's tests are done.
 */
const ROOT = fs.mkdtempSync(path.join(os.tmpdir(), "mlops-terraform-tests-"));

afterAll(() => fs.rmSync(ROOT, { recursive: true, force: true }));

/** An initialized offline work dir of a synthesized stack. */
export async function initializedWorkdir(
  name: string,
  options: Omit<OfflineWorkdirOptions, "dir" | "cliConfigFile">,
): Promise<OfflineWorkdir> {
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
