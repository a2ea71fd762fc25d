import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { OfflineWorkdir, OfflineWorkdirOptions } from "../../src/offline/workdir";

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
