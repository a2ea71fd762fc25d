import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { OfflineWorkdir, OfflineWorkdirOptions } from "../../src/terraform/workdir";

/** One folder per test run and work dir, and one CLI configuration shared by all of them. */
const ROOT = path.join(os.tmpdir(), `mlops-network-tests-${process.pid}`);

// Test files run one after another in a worker, so each can remove the folder when it is done.
afterAll(() => fs.rmSync(ROOT, { recursive: true, force: true }));

/** An initialized offline work dir of a synthesized stack. */
export function initializedWorkdir(name: string, options: Omit<OfflineWorkdirOptions, "dir" | "cliConfigFile">): OfflineWorkdir {
  const workdir = new OfflineWorkdir({ ...options, dir: path.join(ROOT, name), cliConfigFile: path.join(ROOT, "terraformrc") });
  workdir.init();
  return workdir;
}
